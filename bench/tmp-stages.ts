import Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { tableDecider, partitionKey } from '../libs/catalog/src/domain';
import { readBatchCreatePartitions } from '../libs/catalog/src/http/batch-create-partitions.dto';
import { partitionDtos } from '../libs/catalog/src/http/partition.dto';
import { catalogPartitionsProjection } from '../libs/catalog/src/read-models/catalog-partitions.projection';

function partition(i: number) {
  const day = `2020-01-01+${String(Math.floor(i / 24)).padStart(5, '0')}`;
  const hour = String(i % 24).padStart(2, '0');
  return { partition_values: [day, hour], create_time: '2023-05-26T08:03:42.267Z', last_access_time: '2023-05-26T08:03:42.267Z',
    parameters: { transient_lastDdlTime: '1685088222', numRows: String(1000 + i), totalSize: String(65536 + i) },
    storage_descriptor: { columns: [ { column_name: 'user_id', column_type: 'bigint', comment: 'who' }, { column_name: 'event', column_type: 'string', comment: 'what' }, { column_name: 'amount', column_type: 'decimal(10,2)' } ],
      location: `obs://warehouse/dw/events/day=${day}/hour=${hour}`, compressed: false,
      input_format: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat', output_format: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
      serde_info: { serialization_library: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe', parameters: {} }, parameters: { 'parquet.compression': 'SNAPPY' } } };
}
const N = 400;
const t: Record<string, number> = {};
const time = <T>(k: string, f: () => T): T => { const a = performance.now(); const r = f(); t[k] = (t[k] ?? 0) + performance.now() - a; return r; };
let state: any = tableDecider.initialState();
const created = tableDecider.decide({ type: 'CreateTable', now: '2026-01-01T00:00:00.000Z', table: { tableId: 't1', tableName: 'events', catalogName: 'hive', catalogId: 'c', databaseName: 'dw', databaseId: 'd', tableType: 'EXTERNAL_TABLE', partitionKeys: [{ name: 'day', type: 'string' }, { name: 'hour', type: 'string' }], storage: require('../libs/catalog/src/domain').EMPTY_STORAGE_DESCRIPTOR } } as any, state);
for (const e of created) state = tableDecider.evolve(state, e);
const db = new Database('/tmp/mb/proj.sqlite'); db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL');
const h = catalogPartitionsProjection.open(db);
h.apply({ type: created[0].type, data: JSON.parse(JSON.stringify(created[0].data)), streamName: 's' } as any);
for (let c = 0; c < N; c++) {
  const body = { if_not_exist: false, partitions: Array.from({ length: 100 }, (_, k) => partition(c * 100 + k)) };
  const text = time('client stringify', () => JSON.stringify(body));
  const parsed = time('body parse', () => JSON.parse(text));
  const input = time('read dto', () => readBatchCreatePartitions(parsed));
  const events = time('decide', () => tableDecider.decide({ type: 'BatchCreatePartitions', ifNotExist: false, partitions: input.partitions.map((p: any, k: number) => ({ ...p, partitionId: 'p' + (c * 100 + k) })) } as any, state));
  time('evolve', () => { for (const e of events) state = tableDecider.evolve(state, e); });
  const stored = time('event stringify', () => events.map((e) => JSON.stringify(e.data)));
  const reparsed = time('event parse', () => stored.map((s) => JSON.parse(s)));
  time('projection apply', () => db.transaction(() => reparsed.forEach((d, i) => h.apply({ type: events[i].type, data: d, streamName: 's' } as any)))());
  const dtos = time('dtos', () => partitionDtos(state.table, (events[0].data as any).partitions));
  time('response stringify', () => JSON.stringify(dtos));
}
for (const [k, v] of Object.entries(t)) console.log(k.padEnd(20), (v / N).toFixed(3), 'ms/call');
