import { keys, startEngine, type TestEngine } from '../support/engine-harness';
import {
  eventually,
  fail,
  registerTablet,
  run,
  runStatus,
  tablet,
  TRIGGERED,
  registerSeedTablet,
} from './compaction-fixtures';

describe('Doris compaction API (built-in executor)', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    // The delay keeps each compaction running long enough to be observed.
    engine = await startEngine({
      env: { COMPACTION_DELAY_MS: '2000', COMPACTION_PROMOTION_SIZE: '1000000' },
    });
    await registerSeedTablet(engine, 10015);
  });
  afterAll(async () => {
    await engine?.close();
  });

  it("runs the seed's example: cumulative compaction of tablet 10015, running then finished", async () => {
    const response = await run(engine, 'tablet_id=10015&compact_type=cumulative');
    expect(response.status).toBe(200);
    expect(response.json).toEqual(TRIGGERED);

    expect(await runStatus(engine, 10015)).toEqual({
      status: 'Success',
      run_status: true,
      msg: 'this tablet_id is running',
      tablet_id: 10015,
      schema_hash: 700967178,
      compact_type: 'cumulative',
    });
    // One lock per type: a second cumulative compaction waits (a base one could run beside it,
    // BEHAVIOUR.md §6).
    const second = await run(engine, 'tablet_id=10015&compact_type=cumulative');
    expect(second.json).toEqual(
      fail('fail to execute compaction, a cumulative compaction of tablet 10015 is already running'),
    );

    const done = await eventually(
      () => runStatus(engine, 10015),
      (s) => s.run_status === false,
    );
    expect(done).toEqual({
      status: 'Success',
      run_status: false,
      msg: 'this tablet_id is not running',
      tablet_id: 10015,
      schema_hash: 700967178,
      compact_type: '',
    });
    const after = await tablet(engine, 10015);
    expect(after.rowsets.map((r) => [r.start_version, r.end_version])).toEqual([
      [0, 5],
      [6, 6],
      [7, 7],
      [8, 9],
    ]);
    expect(after.cumulative_point).toBe(8); // 2 KiB is below the promotion size
    expect(after.compactions[0]).toMatchObject({ status: 'completed', source: 'doris' });
  });

  it('shows rowsets, the cumulative point, missing versions and last times as Doris does', async () => {
    await registerTablet(
      engine,
      20001,
      [
        [0, 1],
        [2, 2],
        [4, 4],
      ],
      2,
    );
    const response = await engine.request('GET', '/api/compaction/show?tablet_id=20001');
    expect(response.status).toBe(200);
    const show = response.json as Record<string, unknown>;
    expect(show['cumulative point']).toBe(2);
    expect(show.rowsets).toEqual([
      '[0-1] 1 DATA NONOVERLAPPING 02000000000000000000000000000001 1.00 KB',
      '[2-2] 1 DATA NONOVERLAPPING 02000000000000000000000000000002 1.00 KB',
      '[4-4] 1 DATA NONOVERLAPPING 02000000000000000000000000000003 1.00 KB',
    ]);
    expect(show.missing_rowsets).toEqual(['[3-3]']);
    expect(show['last cumulative success time']).toBe('1970-01-01 00:00:00.000');

    const compacted = await engine.request('GET', '/api/compaction/show?tablet_id=10015');
    expect((compacted.json as Record<string, string>)['last cumulative success time']).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/,
    );
    expect((compacted.json as Record<string, string>)['last cumulative success time']).not.toBe(
      '1970-01-01 00:00:00.000',
    );
  });

  it('table_id: full compaction of every tablet of the table, skipping tablets that cannot be compacted', async () => {
    await registerTablet(
      engine,
      40001,
      [
        [0, 3],
        [4, 4],
      ],
      4,
      55,
    );
    await registerTablet(
      engine,
      40002,
      [
        [0, 2],
        [3, 3],
        [4, 4],
      ],
      3,
      55,
    );
    await registerTablet(engine, 40003, [[0, 9]], 10, 55); // -2008: skipped
    await registerTablet(
      engine,
      40004,
      [
        [0, 1],
        [2, 2],
      ],
      2,
      56,
    ); // another table

    const response = await run(engine, 'table_id=55&compact_type=cumulative');
    expect(response.json).toEqual(TRIGGERED);
    for (const id of [40001, 40002]) {
      const done = await eventually(
        () => tablet(engine, id),
        (t) => t.running_compaction === null && t.compactions.length > 0,
      );
      expect(done.rowsets).toHaveLength(1);
      expect(done.rowsets[0]).toMatchObject({ start_version: 0, end_version: 4 });
      expect(done.cumulative_point).toBe(5);
      expect(done.compactions[0]).toMatchObject({ status: 'completed' });
    }
    expect((await tablet(engine, 40003)).compactions).toEqual([]);
    expect((await tablet(engine, 40004)).compactions).toEqual([]);
  });

  it('replays a retried trigger with the same Idempotency-Key instead of triggering twice', async () => {
    await registerTablet(
      engine,
      50001,
      [
        [0, 1],
        [2, 2],
        [3, 3],
      ],
      2,
    );
    const headers = { 'Idempotency-Key': 'doris-retry-50001' };
    const first = await engine.request(
      'POST',
      '/api/compaction/run?tablet_id=50001&compact_type=cumulative',
      { headers },
    );
    const retry = await engine.request(
      'POST',
      '/api/compaction/run?tablet_id=50001&compact_type=cumulative',
      { headers },
    );
    expect([first.json, retry.json]).toEqual([TRIGGERED, TRIGGERED]);
    const stream = encodeURIComponent('tablet-acme/50001');
    const events = (await engine.request('GET', `/engine/v1/streams/${stream}/events`)).json as {
      events: { type: string }[];
    };
    expect(events.events.filter((e) => e.type === 'CompactionTriggered')).toHaveLength(1);
  });

  it('answers 401 in the Doris shape without a valid key, 403 for a reader triggering', async () => {
    const none = await run(engine, 'tablet_id=10015&compact_type=full', null);
    expect([none.status, none.json]).toEqual([401, fail('Unauthorized')]);
    const wrong = await run(engine, 'tablet_id=10015&compact_type=full', 'not-a-key-at-all');
    expect([wrong.status, wrong.json]).toEqual([401, fail('Unauthorized')]);
    const reader = await run(engine, 'tablet_id=10015&compact_type=full', keys.reader);
    expect([reader.status, reader.json]).toEqual([403, fail('Forbidden')]);
    const status = await engine.request('GET', '/api/compaction/run_status?tablet_id=10015', {
      key: keys.reader,
    });
    expect(status.status).toBe(200);
  });

  it("never shows or compacts another tenant's tablet", async () => {
    const other = await engine.request('GET', '/api/compaction/run_status?tablet_id=10015', {
      key: keys.otherTenant,
    });
    expect(other.json).toEqual(fail('Tablet not found'));
    const trigger = await run(engine, 'tablet_id=10015&compact_type=full', keys.otherTenant);
    expect(trigger.json).toEqual(fail('Tablet not found'));
  });
});
