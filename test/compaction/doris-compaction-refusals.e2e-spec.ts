import { startEngine, type TestEngine } from '../support/engine-harness';
import { eventCount, fail, registerTablet, run, runStatus, registerSeedTablet } from './compaction-fixtures';

describe('Doris compaction API: refusals', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startEngine();
    await registerSeedTablet(engine, 10015);
  });
  afterAll(async () => {
    await engine?.close();
  });

  describe('refusals, in Doris order, with nothing stored', () => {
    beforeAll(async () => {
      await registerTablet(
        engine,
        30001,
        [
          [0, 5],
          [6, 9],
        ],
        10,
      ); // nothing at or above the point
      await registerTablet(
        engine,
        30002,
        [
          [0, 5],
          [6, 9],
        ],
        6,
      ); // one rowset below the point
      await registerTablet(engine, 30003, [[0, 9]], 10); // a single rowset
      await registerTablet(
        engine,
        30004,
        [
          [0, 1],
          [3, 4],
        ],
        2,
      ); // version 2 is missing
    });

    it.each([
      ['compact_type=full', 'tablet id and table id can not be empty at the same time!'],
      ['tablet_id=&table_id=&compact_type=full', 'tablet id and table id can not be empty at the same time!'],
      ['tablet_id=1&table_id=2&compact_type=full', 'tablet id and table id can not be set at the same time!'],
      ['tablet_id=abc&table_id=2', 'tablet id and table id can not be set at the same time!'],
      ['tablet_id=abc&compact_type=full', 'convert tablet_id failed, stoull'],
      ['tablet_id=-1&compact_type=full', 'convert tablet_id failed, stoull'],
      ['table_id=1.5&compact_type=full', 'convert table_id failed, stoull'],
      ['tablet_id=abc&compact_type=nope', 'convert tablet_id failed, stoull'],
      ['tablet_id=10015&compact_type=nope', "The compaction type 'nope' is not supported"],
      ['tablet_id=10015', "The compaction type '' is not supported"],
      ['table_id=7&compact_type=minor', "The compaction type 'minor' is not supported"],
      ['tablet_id=99999&compact_type=cumulative', 'Tablet not found'],
      // BEHAVIOUR.md §6 / compaction_action.cpp: table_id=0 looks up tablet 0.
      ['table_id=0&compact_type=full', 'Tablet not found'],
      ['tablet_id=30001&compact_type=cumulative', 'fail to execute compaction, error = -2000'],
      ['tablet_id=30002&compact_type=base', 'fail to execute compaction, error = -808'],
      ['tablet_id=30003&compact_type=full', 'fail to execute compaction, error = -2008'],
      ['tablet_id=30004&compact_type=full', 'fail to execute compaction, error = -2009'],
    ])('%s -> %s', async (query, msg) => {
      const before = await Promise.all([30001, 30002, 30003, 30004].map((id) => eventCount(engine, id)));
      const response = await run(engine, query);
      expect(response.status).toBe(200);
      expect(response.json).toEqual(fail(msg));
      expect(await Promise.all([30001, 30002, 30003, 30004].map((id) => eventCount(engine, id)))).toEqual(
        before,
      );
    });

    it('answers run_status and show for unknown or malformed tablets in the same shape', async () => {
      expect(await runStatus(engine, 99999)).toEqual(fail('Tablet not found'));
      const show = await engine.request('GET', '/api/compaction/show?tablet_id=99999');
      expect([show.status, show.json]).toEqual([200, fail('Tablet not found')]);
      const bad = await engine.request('GET', '/api/compaction/run_status?tablet_id=x1');
      expect([bad.status, bad.json]).toEqual([200, fail('convert tablet_id failed, stoull')]);
      const missing = await engine.request('GET', '/api/compaction/run_status');
      expect([missing.status, missing.json]).toEqual([200, fail('tablet id can not be empty!')]);
    });
  });
});
