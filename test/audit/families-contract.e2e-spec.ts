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

    it('answers history, state and diff for every family, with their content', async () => {
      type Envelope = { id: string; type: string; revision: string; position: string };
      type StateView = { revision: string; state: unknown };
      const firstType: Record<string, string> = {
        lftable: 'TableCreated',
        tablet: 'TabletRegistered',
        mergetree: 'TableCreated',
        matplan: 'MaterializationPlanCreated',
      };
      for (const [category, id, subject] of aggregates()) {
        const base = `/engine/v1/audit/${category}/${encodeURIComponent(id)}`;
        const ok = async (path: string) => {
          const res = await engine.request('GET', path);
          expect([path, res.status]).toEqual([path, 200]);
          return res.json;
        };
        // History: the aggregate's own events, in revision order, from its creation.
        const { events } = (await ok(`${base}/events`)) as { events: Envelope[] };
        expect([category, events[0]?.type]).toEqual([category, firstType[category]]);
        expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => String(i)));
        const last = events[events.length - 1];
        // State: nothing before the first event; at the last event, its revision and the subject.
        const before = (await ok(`${base}/state?atPosition=${BigInt(events[0].position) - 1n}`)) as StateView;
        expect([category, before.revision]).toEqual([category, '-1']);
        expect(JSON.stringify(before.state)).not.toContain(subject);
        const now = (await ok(`${base}/state?atPosition=${last.position}`)) as StateView;
        expect([category, now.revision]).toEqual([category, last.revision]);
        expect(JSON.stringify(now.state)).toContain(subject);
        // Diff (whole life): every event between nothing and that same state.
        const diff = (await ok(`${base}/diff`)) as {
          before: StateView;
          after: StateView;
          events: Envelope[];
        };
        expect(diff.events.map((e) => e.id)).toEqual(events.map((e) => e.id));
        expect(diff.before.revision).toBe('-1');
        expect(diff.after).toMatchObject({ revision: last.revision, state: now.state });
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
