import { LakeFormationClient, partitionInput, TablePath } from '../catalog/lakeformation-client';
import { registerTablet, run } from '../compaction/compaction-fixtures';
import { addPart } from '../mergetree/mergetree-client';
import { keys, startEngine, TestEngine } from '../support/engine-harness';
import { contractViolations } from './support/event-contract';

/**
 * One short lifecycle in every family through its own API, then: every emitted event matches its
 * schema, and each category's audit routes answer (history, subject history, state, diff).
 * It runs on both event-store adapters: the embedded SQLite store and EventStoreDB (through the
 * real client, against the test gRPC server), so the whole engine is proven on each.
 */
describe.each(['sqlite', 'esdb-double'] as const)(
  'audit and event contract across families on %s',
  (store) => {
    let engine: TestEngine;
    const table: TablePath = { catalog: 'auditcat', database: 'auditdb', table: 'audittbl' };
    let planId: string;
    let firstRowsetId: string;

    beforeAll(async () => {
      engine = await startEngine({ store });
      const lf = new LakeFormationClient(engine);
      await lf.createTableWithKeys(table, ['dt']);
      expect(
        (await lf.batchCreate(table, { if_not_exist: false, partitions: [partitionInput(['2024-01-01'])] }))
          .status,
      ).toBe(201);

      const ranges: [number, number][] = [
        [0, 5],
        [6, 6],
        [7, 7],
        [8, 8],
        [9, 9],
      ];
      const registered = await registerTablet(engine, 4242, ranges, 8);
      firstRowsetId = registered.rowsets[0].rowset_id;
      expect((await run(engine, 'tablet_id=4242&compact_type=cumulative')).status).toBe(200);

      const ddl = await engine.request('POST', '/clickhouse/', {
        rawBody:
          'CREATE TABLE db.audit_parts (d Date, x UInt64) ENGINE = MergeTree PARTITION BY d ORDER BY x',
        key: keys.operator,
        headers: { 'content-type': 'text/plain' },
      });
      expect(ddl.status).toBe(200);
      await addPart(engine, 'audit_parts', '2024-01-01');
      await addPart(engine, 'audit_parts', '2024-01-01');

      const plan = await engine.request('POST', '/engine/v1/materialization/plans', {
        body: { name: 'audit plan', refreshType: 'INCREMENTAL', granularity: 'DAY' },
      });
      planId = (plan.json as { uuid: string }).uuid;
      const day = { dateGranularity: 'DAY', startTime: '2025-10-01', endTime: '2025-10-02' };
      await engine.request('POST', `/engine/v1/materialization/plans/${planId}/backfills`, {
        body: { successTimeRange: [day], failedTimeRange: [] },
      });
    });
    afterAll(() => engine?.close());

    const aggregates = () => [
      [
        'lftable',
        `2180518f-42b8-4947-b20b-adfc53981a25/${table.catalog}/${table.database}/${table.table}`,
        '2024-01-01',
      ],
      ['tablet', '4242', firstRowsetId],
      ['mergetree', 'db.audit_parts', '20240101_1_1_0'],
      ['matplan', planId, '2025-10-01'],
    ];

    it('answers history, state and diff for every family', async () => {
      for (const [category, id] of aggregates()) {
        const base = `/engine/v1/audit/${category}/${encodeURIComponent(id)}`;
        const events = await engine.request('GET', `${base}/events`);
        expect([category, events.status]).toEqual([category, 200]);
        const state = await engine.request('GET', `${base}/state?atPosition=1`);
        expect([category, state.status]).toEqual([category, 200]);
        const diff = await engine.request('GET', `${base}/diff`);
        expect([category, diff.status]).toEqual([category, 200]);
      }
    });

    it('gives subject histories for partitions, parts, rowsets and plan partitions', async () => {
      for (const [category, id, subject] of aggregates()) {
        const res = await engine.request(
          'GET',
          `/engine/v1/audit/${category}/${encodeURIComponent(id)}/subjects/${encodeURIComponent(subject)}/history`,
        );
        expect([category, res.status]).toEqual([category, 200]);
        expect([category, (res.json as { entries: unknown[] }).entries.length]).not.toEqual([category, 0]);
      }
    });

    it('emitted only events that match their JSON Schemas', async () => {
      expect(await contractViolations(engine)).toEqual([]);
    });
  },
);
