import { decideAll } from '@engine/testing';
import { cumulativePointAfter, selectInputs } from './rowset-selection.policy';
import type { TabletCommand } from './tablet.commands';
import { tabletDecider } from './tablet.decider';
import { isTabletError, TabletError } from './tablet.errors';
import { COMPACTION_TYPES, TABLET_EVENT_TYPES, type TabletEvent } from './tablet.events';
import {
  fiveRowsets,
  given,
  ids,
  NOW,
  registeredEvent,
  specs,
  tabletId,
  trigger,
  triggeredEvent,
} from './tablet.fixtures';
import type { TabletState } from './tablet.state';

/** Decides each command on the state its predecessors left, as the pipeline does; all events. */
function run(commands: TabletCommand[], history: TabletEvent[] = []): TabletEvent[] {
  return [...history, ...decideAll(tabletDecider, commands, history).events];
}

/** The TabletError a command is refused with (fails when it is not refused). */
function refusal(history: TabletEvent[], command: TabletCommand): TabletError {
  try {
    run([command], history);
  } catch (error) {
    if (error instanceof TabletError) return error;
    throw error;
  }
  throw new Error('expected the command to be refused');
}

const at = (minutes: number) => new Date(Date.parse(NOW) + minutes * 60_000).toISOString();
const register = (rowsets = specs(), cumulativePoint?: number): TabletCommand => ({
  type: 'RegisterTablet',
  tabletId,
  tableId: 7,
  schemaHash: 1,
  rowsets,
  cumulativePoint,
  now: NOW,
});
const addRowset: TabletCommand = { type: 'AddRowset', tabletId, size: 10, segments: 1, now: NOW };
const start = (compactionId = 'c1', now = NOW): TabletCommand => ({
  type: 'StartCompaction',
  tabletId,
  compactionId,
  now,
});
const complete = (compactionId = 'c1'): TabletCommand => ({
  type: 'CompleteCompaction',
  tabletId,
  compactionId,
  // Never promoted: the cumulative point stays, so cumulative compactions keep finding inputs.
  promotionSize: Number.MAX_SAFE_INTEGER,
  now: NOW,
});
const stateOf = (events: TabletEvent[]) =>
  events.reduce(tabletDecider.evolve, tabletDecider.initialState()) as Extract<
    TabletState,
    { status: 'registered' }
  >;

describe('tablet decider: registration edge cases', () => {
  it('gives rowsets Doris-like ids: "02" then the sequence in 30 hex digits', () => {
    const [registered] = run([register(specs([0, 1]))]);
    expect(registered).toMatchObject({
      data: { rowsets: [{ rowsetId: '02000000000000000000000000000001' }] },
    });
  });

  it('registers a tablet without rowsets at cumulative point 0; its first load is version 0', () => {
    const events = run([register([]), addRowset]);
    expect(events).toMatchObject([
      { type: 'TabletRegistered', data: { rowsets: [], cumulativePoint: 0 } },
      { type: 'RowsetAdded', data: { rowset: { startVersion: 0, endVersion: 0 } } },
    ]);
  });

  it('defaults the point to 0 when no rowset starts at version 0', () => {
    expect(run([register(specs([3, 5]))])).toMatchObject([{ data: { cumulativePoint: 0 } }]);
  });

  it('accepts the bounds of the cumulative point: 0 and one past the last version', () => {
    expect(run([register(specs([0, 5], [6, 6], [7, 7]), 0)])).toMatchObject([
      { data: { cumulativePoint: 0 } },
    ]);
    expect(run([register(specs([0, 5], [6, 6], [7, 7]), 8)])).toMatchObject([
      { data: { cumulativePoint: 8 } },
    ]);
  });

  it('refuses a point on the last version of a rowset (it would split it)', () => {
    const error = refusal([], register(specs([0, 5], [6, 9]), 9));
    expect([error.code, error.message]).toEqual([
      'INVALID_CUMULATIVE_POINT',
      'cumulative point 9 must be between 0 and 10 and must not split a rowset',
    ]);
  });

  it.each([
    [specs([0, 1.5]), 'rowset versions, size and segments must be non-negative integers'],
    [specs([3, 2]), 'rowset [3-2] starts after it ends'],
    [specs([0, 5], [5, 6]), 'rowsets [0-5] and [5-6] overlap'],
  ])('names what is wrong with the rowsets %j', (rowsets, message) => {
    const error = refusal([], register(rowsets));
    expect([error.code, error.message]).toEqual(['INVALID_ROWSETS', message]);
  });

  it('says which tablet already exists', () => {
    const error = refusal([fiveRowsets], register());
    expect([error.code, error.message, error.details]).toEqual([
      'TABLET_ALREADY_EXISTS',
      `tablet ${tabletId} already exists`,
      { tabletId },
    ]);
  });

  it('says which tablet it does not know', () => {
    const error = refusal([], addRowset);
    expect([error.code, error.message, error.details]).toEqual([
      'TABLET_NOT_FOUND',
      'Tablet not found',
      { tabletId },
    ]);
  });

  it('numbers loads after earlier loads: versions and rowset ids go on', () => {
    const events = run([addRowset, addRowset], [fiveRowsets]);
    expect(events.slice(1)).toMatchObject([
      { data: { rowset: { rowsetId: ids(6)[0], startVersion: 10 } } },
      { data: { rowset: { rowsetId: ids(7)[0], startVersion: 11 } } },
    ]);
  });
});

describe('tablet decider: compaction edge cases', () => {
  it('names the compaction type that found no rowsets', () => {
    const error = refusal([registeredEvent(10, [0, 5], [6, 9])], trigger('cumulative'));
    expect([error.message, error.details]).toEqual([
      'no suitable rowsets for a cumulative compaction',
      { tabletId, compactionType: 'cumulative' },
    ]);
  });

  it('refuses any compaction beside a running full one, naming it', () => {
    const error = refusal([fiveRowsets, triggeredEvent('full', ids(1, 2, 3, 4, 5))], trigger('base', 'c2'));
    expect([error.code, error.message, error.details]).toEqual([
      'COMPACTION_ALREADY_RUNNING',
      `a full compaction of tablet ${tabletId} is already running`,
      { tabletId, compactionId: 'c1', compactionType: 'full' },
    ]);
  });

  it('says which compaction is not running', () => {
    const error = refusal([fiveRowsets], start('c9'));
    expect([error.code, error.message, error.details]).toEqual([
      'COMPACTION_NOT_RUNNING',
      `compaction c9 is not running on tablet ${tabletId}`,
      { tabletId, compactionId: 'c9' },
    ]);
  });

  it('starts only the named compaction of two running ones', () => {
    const history = [
      fiveRowsets,
      triggeredEvent('cumulative', ids(4, 5)),
      triggeredEvent('base', ids(1, 2, 3), 'c2'),
    ];
    const events = run([start('c1'), start('c2')], history);
    expect(events.slice(3).map((e) => e.type)).toEqual(['CompactionStarted', 'CompactionStarted']);
    const error = refusal(events, start('c2'));
    expect([error.code, error.message, error.details]).toEqual([
      'COMPACTION_ALREADY_STARTED',
      'compaction c2 was already started',
      { tabletId, compactionId: 'c2' },
    ]);
  });

  it('keeps rowsets ordered by version after a base compaction, so the next load follows the last', () => {
    const events = run([trigger('base'), complete(), addRowset], [fiveRowsets]);
    expect(stateOf(events).rowsets.map((r) => [r.startVersion, r.endVersion])).toEqual([
      [0, 7],
      [8, 8],
      [9, 9],
      [10, 10],
    ]);
  });

  it('releases the lock of a completed or failed compaction: the same type can run again', () => {
    const fail: TabletCommand = {
      type: 'FailCompaction',
      tabletId,
      compactionId: 'c2',
      reason: 'x',
      now: NOW,
    };
    const events = run(
      [trigger('cumulative'), complete(), trigger('cumulative', 'c2'), fail, trigger('cumulative', 'c3')],
      [fiveRowsets],
    );
    expect(stateOf(events).running.map((r) => r.compactionId)).toEqual(['c3']);
  });

  it('releases only the lock of the compaction that completed or failed', () => {
    const fail: TabletCommand = {
      type: 'FailCompaction',
      tabletId,
      compactionId: 'c1',
      reason: 'x',
      now: NOW,
    };
    const both = [
      fiveRowsets,
      triggeredEvent('cumulative', ids(4, 5)),
      triggeredEvent('base', ids(1, 2, 3), 'c2'),
    ];
    for (const end of [complete('c1'), fail])
      expect(stateOf(run([end], both)).running.map((r) => r.compactionId)).toEqual(['c2']);
  });

  it('refuses to complete a compaction whose input rowsets are gone (a corrupt history)', () => {
    expect(() => run([complete()], [fiveRowsets, triggeredEvent('base', ['no-such-rowset'])])).toThrow(
      'a running compaction always has inputs',
    );
  });

  it('lists every event type the tablet records, and the compaction types', () => {
    const history = [fiveRowsets];
    const fail: TabletCommand = {
      type: 'FailCompaction',
      tabletId,
      compactionId: 'c2',
      reason: 'x',
      now: NOW,
    };
    const events = run(
      [addRowset, trigger('cumulative'), start(), complete(), trigger('base', 'c2'), fail],
      history,
    );
    expect([...new Set(events.map((e) => e.type))].sort()).toEqual([...TABLET_EVENT_TYPES].sort());
    expect(COMPACTION_TYPES).toEqual(['base', 'cumulative', 'full']);
  });
});

describe('tablet decider: time-outs', () => {
  const timeOut = (now: string): TabletCommand => ({
    type: 'TimeOutCompaction',
    tabletId,
    compactionId: 'c1',
    timeoutMs: 15 * 60_000,
    now,
  });

  it('measures a started compaction from its start, not its trigger', () => {
    const history = run([start('c1', at(10))], [fiveRowsets, triggeredEvent('cumulative', ids(4, 5))]);
    const error = refusal(history, timeOut(at(20)));
    expect([error.code, error.message, error.details]).toEqual([
      'COMPACTION_NOT_EXPIRED',
      'compaction c1 has not timed out yet',
      { tabletId, compactionId: 'c1' },
    ]);
    expect(run([timeOut(at(25))], history).at(-1)).toMatchObject({
      type: 'CompactionFailed',
      data: { timedOut: true, reason: `timed out: started at ${at(10)}, no result within 900000 ms` },
    });
  });

  it('says a compaction no executor started timed out as triggered', () => {
    const history = [fiveRowsets, triggeredEvent('cumulative', ids(4, 5))];
    expect(run([timeOut(at(15))], history).at(-1)).toMatchObject({
      data: { reason: `timed out: triggered at ${NOW}, no result within 900000 ms` },
    });
  });
});

describe('tablet decider: what cannot happen', () => {
  it('refuses an event for a tablet never registered', () => {
    const added: TabletEvent = {
      type: 'RowsetAdded',
      data: {
        tabletId,
        rowset: { rowsetId: 'r', startVersion: 0, endVersion: 0, size: 1, segments: 1 },
        addedAt: NOW,
      },
    };
    expect(() => given([added]).when(addRowset).events()).toThrow('RowsetAdded before TabletRegistered');
  });

  it('throws on a command, event or compaction type outside its unions', () => {
    const state = stateOf([fiveRowsets]);
    expect(() => tabletDecider.decide({ type: 'Bogus', tabletId } as never, state)).toThrow('unhandled case');
    expect(() => tabletDecider.evolve(state, { type: 'Bogus', data: {} } as never)).toThrow('unhandled case');
    expect(() => selectInputs('bogus' as never, state.rowsets, 8)).toThrow('unhandled case');
    expect(() => cumulativePointAfter('bogus' as never, state.rowsets[0], 8, 1)).toThrow('unhandled case');
  });
});

describe('isTabletError', () => {
  it('tells a tablet error, and its code, from anything else', () => {
    const error = new TabletError('TABLET_NOT_FOUND', 'x');
    expect(isTabletError(error)).toBe(true);
    expect(isTabletError(error, 'TABLET_NOT_FOUND')).toBe(true);
    expect(isTabletError(error, 'INVALID_ROWSETS')).toBe(false);
    expect(isTabletError(new Error('x'))).toBe(false);
  });
});
