import { INSTANCE, LakeFormationClient, partitionInput } from '../catalog/lakeformation-client';
import { addPart, clickhouse, rows } from '../mergetree/mergetree-client';
import { contractViolations } from '../audit/support/event-contract';
import { globalHead, keys, startEngine, TestEngine } from '../support/engine-harness';

interface Plan {
  revision: string;
  steps: { command: { type: string }; undoes: { subject: string }[] }[];
  notRestorable: { subject: string; reason: string }[];
}

/** Restore plans and their application for the four other families, over HTTP. */
describe('restore of ClickHouse, LakeFormation, CAN and Doris aggregates', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine({ env: { COMPACTION_EXECUTOR: 'external' } });
  });
  afterAll(() => engine.close());

  const head = () => globalHead(engine);
  const audit = (category: string, id: string) => `/engine/v1/audit/${category}/${encodeURIComponent(id)}`;
  async function plan(category: string, id: string, atPosition: string): Promise<Plan> {
    const res = await engine.request('POST', `${audit(category, id)}/restore-plan`, {
      body: { atPosition },
      key: keys.operator,
    });
    expect(res.status).toBe(200);
    return res.json as Plan;
  }
  async function restore(category: string, id: string, atPosition: string, expectedRevision: string) {
    const res = await engine.request('POST', `${audit(category, id)}/restore`, {
      body: { atPosition, expectedRevision },
      key: keys.operator,
    });
    expect(res.status).toBe(200);
    return res.json as { applied: boolean; events: number };
  }

  it('ClickHouse: a detached partition is attached again; a dropped one is reported as gone', async () => {
    const ch = clickhouse(engine);
    await ch.command({
      query:
        'CREATE TABLE db.visits (d Date, n UInt32) ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY n',
    });
    await addPart(engine, 'visits', 201901, 100);
    await addPart(engine, 'visits', 201901, 50);
    await addPart(engine, 'visits', 201902, 10);
    const before = await head();
    await ch.command({ query: 'ALTER TABLE db.visits DETACH PARTITION 201901' });
    await ch.command({ query: 'ALTER TABLE db.visits DROP PARTITION 201902' });

    const p = await plan('mergetree', 'db.visits', before);
    expect(p.steps.map((s) => s.command.type)).toEqual(['AttachPart', 'AttachPart']);
    expect(p.notRestorable).toEqual([
      expect.objectContaining({ subject: '201902', reason: 'PART_DATA_GONE' }),
    ]);
    expect(await restore('mergetree', 'db.visits', before, p.revision)).toMatchObject({ applied: true });

    const parts = await rows<{ partition_id: string; rows: string | number; active: number | boolean }>(
      ch,
      "SELECT partition_id, rows, active FROM system.parts WHERE table = 'visits'",
    );
    const active = parts.filter((r) => Number(r.active) === 1 || r.active === true);
    expect(active.map((r) => [r.partition_id, Number(r.rows)]).sort()).toEqual([
      ['201901', 100],
      ['201901', 50],
    ]);
    await ch.close();
  });

  it('LakeFormation: a deleted partition comes back with its storage descriptor', async () => {
    const lf = new LakeFormationClient(engine);
    const t = { catalog: 'hive', database: 'sales', table: 'orders' };
    await lf.createTableWithKeys(t, ['dt']);
    const created = await lf.batchCreate(t, {
      if_not_exist: false,
      partitions: [
        partitionInput(['2024-01-01'], {
          storage_descriptor: {
            ...partitionInput([]).storage_descriptor,
            location: 'obs://b/dt=2024-01-01/',
          },
        }),
        partitionInput(['2024-01-02']),
      ],
    });
    expect(created.status).toBe(201);
    const before = await head();
    expect((await lf.batchDelete(t, [['2024-01-01']])).status).toBeLessThan(300);
    const id = `${INSTANCE}/hive/sales/orders`;

    const p = await plan('lftable', id, before);
    expect(p.steps.map((s) => s.command.type)).toEqual(['BatchCreatePartitions']);
    expect(p.steps[0].undoes.map((u) => u.subject)).toEqual(['2024-01-01']);
    expect(p.notRestorable).toEqual([]);
    await restore('lftable', id, before, p.revision);

    const list = (await lf.list(t)).json as {
      partitions: { partition_values: string[]; storage_descriptor: { location: string } }[];
    };
    expect(list.partitions.map((x) => [x.partition_values[0], x.storage_descriptor.location]).sort()).toEqual(
      [
        ['2024-01-01', 'obs://b/dt=2024-01-01/'],
        ['2024-01-02', 'obs://location/uri/'],
      ],
    );
  });

  it('CAN: a cleared day needs a backfill, a day backfilled later is cleared', async () => {
    const created = await engine.request('POST', '/engine/v1/materialization/plans', {
      body: { name: 'daily', refreshType: 'INCREMENTAL', granularity: 'DAY' },
    });
    const uuid = (created.json as { uuid: string }).uuid;
    const can = { 'tenant-id': 'acme', 'auth-type': 'APIKEY', 'auth-value': keys.operator };
    const call = async (path: string, body: unknown) => {
      const res = await engine.request('POST', `/anymetrics/api/v1/accelerate/plan/${path}`, {
        body,
        key: null,
        headers: can,
      });
      expect(res.status).toBe(200);
    };
    const range = (start: string, end: string) => [
      { dateGranularity: 'DAY', startTime: start, endTime: end },
    ];
    await call('updatePartition', {
      uuid,
      runType: 'MANUAL',
      successTimeRange: range('2025-10-20', '2025-10-22'),
      failedTimeRange: [],
    });
    const before = await head();
    await call('clearPartition', { uuid, timeRange: range('2025-10-22', '2025-10-22') });
    await call('updatePartition', {
      uuid,
      runType: 'MANUAL',
      successTimeRange: range('2025-10-25', '2025-10-25'),
      failedTimeRange: [],
    });

    const p = await plan('matplan', uuid, before);
    expect(p.steps.map((s) => [s.command.type, s.undoes.map((u) => u.subject)])).toEqual([
      ['ClearPartitions', ['2025-10-25']],
    ]);
    expect(p.notRestorable.map((n) => [n.subject, n.reason])).toEqual([
      ['2025-10-22', 'NEEDS_BACKFILL'],
      ['2025-10-25', 'NO_METADATA_COMMAND'],
    ]);
    await restore('matplan', uuid, before, p.revision);
    const hit = await engine.request(
      'GET',
      `/engine/v1/materialization/plans/${uuid}/hit?start=2025-10-25&end=2025-10-25`,
    );
    expect(hit.json).toMatchObject({ hit: false });
  });

  it('Doris: a compaction triggered since the point is failed; afterwards nothing is left to restore', async () => {
    const registered = await engine.request('POST', '/engine/v1/tablets', {
      body: {
        tablet_id: 10015,
        table_id: 10010,
        schema_hash: 368169781,
        cumulative_point: 2,
        rowsets: [
          { start_version: 0, end_version: 1, size: 100, segments: 1 },
          { start_version: 2, end_version: 2, size: 10, segments: 1 },
          { start_version: 3, end_version: 3, size: 10, segments: 1 },
        ],
      },
    });
    expect(registered.status).toBe(201);
    const before = await head();
    const run = await engine.request('POST', '/api/compaction/run?tablet_id=10015&compact_type=cumulative');
    expect(run.status).toBe(200);

    const p = await plan('tablet', '10015', before);
    expect(p.steps.map((s) => s.command.type)).toEqual(['FailCompaction']);
    expect(p.notRestorable).toEqual([]);
    await restore('tablet', '10015', before, p.revision);
    const again = await plan('tablet', '10015', before);
    expect(again.steps).toEqual([]);
    expect(again.notRestorable).toEqual([]);
  });

  it('the routes are in the OpenAPI document', async () => {
    const doc = (await engine.request('GET', '/docs-json', { key: null })).json as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/engine/v1/audit/{category}/{id}/restore-plan',
        '/engine/v1/audit/{category}/{id}/restore',
      ]),
    );
  });

  it('every event the restores appended is an ordinary, schema-valid event of its family', async () => {
    expect(await contractViolations(engine)).toEqual([]);
  });
});
