import { assertNever, type Decider } from '@engine/kernel/domain';
import { cumulativePointAfter, segmentsFor, selectInputs } from './rowset-selection.policy';
import type { TabletCommand } from './tablet.commands';
import { TabletError } from './tablet.errors';
import type { CompactionType, Rowset, TabletEvent } from './tablet.events';
import { validCumulativePoint, validRowsets } from './tablet-registration.rules';
import {
  initialTabletState,
  nextVersion,
  rowsetIdFor,
  type RegisteredTablet,
  type RunningCompaction,
  type TabletState,
} from './tablet.state';
import { evolveTablet } from './tablet.evolve';

type Command<T extends TabletCommand['type']> = Extract<TabletCommand, { type: T }>;

function registered(state: TabletState, tabletId: number): RegisteredTablet {
  if (state.status === 'absent') throw new TabletError('TABLET_NOT_FOUND', 'Tablet not found', { tabletId });
  return state;
}

/** The running compaction the command names; anything else is stale or made up. */
function runningOf(tablet: RegisteredTablet, compactionId: string): RunningCompaction {
  const running = tablet.running.find((r) => r.compactionId === compactionId);
  if (!running) {
    throw new TabletError(
      'COMPACTION_NOT_RUNNING',
      `compaction ${compactionId} is not running on tablet ${tablet.tabletId}`,
      { tabletId: tablet.tabletId, compactionId },
    );
  }
  return running;
}

/**
 * Doris holds one lock per compaction type on a tablet: a base and a cumulative compaction may
 * run together, a second of the same type may not, and a full compaction takes both locks, so it
 * runs alone (be/src/olap/full_compaction.cpp takes the base and the cumulative compaction lock;
 * BEHAVIOUR.md §6).
 */
function conflictWith(tablet: RegisteredTablet, type: CompactionType): RunningCompaction | undefined {
  return tablet.running.find(
    (r) => r.compactionType === type || r.compactionType === 'full' || type === 'full',
  );
}

function register(command: Command<'RegisterTablet'>, state: TabletState): TabletEvent[] {
  if (state.status === 'registered') {
    throw new TabletError('TABLET_ALREADY_EXISTS', `tablet ${command.tabletId} already exists`, {
      tabletId: command.tabletId,
    });
  }
  const specs = validRowsets(command.rowsets);
  const cumulativePoint = validCumulativePoint(specs, command.cumulativePoint);
  const rowsets: Rowset[] = specs.map((spec, index) => ({ rowsetId: rowsetIdFor(index + 1), ...spec }));
  const { tabletId, tableId, schemaHash, now } = command;
  return [
    {
      type: 'TabletRegistered',
      data: { tabletId, tableId, schemaHash, rowsets, cumulativePoint, registeredAt: now },
    },
  ];
}

function addRowset(command: Command<'AddRowset'>, tablet: RegisteredTablet): TabletEvent[] {
  const version = nextVersion(tablet.rowsets);
  const rowset: Rowset = {
    rowsetId: rowsetIdFor(tablet.nextRowsetSeq),
    startVersion: version,
    endVersion: version,
    size: command.size,
    segments: command.segments,
  };
  return [{ type: 'RowsetAdded', data: { tabletId: tablet.tabletId, rowset, addedAt: command.now } }];
}

function trigger(command: Command<'TriggerCompaction'>, tablet: RegisteredTablet): TabletEvent[] {
  const { compactionId, compactionType, now } = command;
  const selection = selectInputs(compactionType, tablet.rowsets, tablet.cumulativePoint);
  if (!selection.ok) {
    throw new TabletError(selection.code, `no suitable rowsets for a ${compactionType} compaction`, {
      tabletId: tablet.tabletId,
      compactionType,
    });
  }
  const conflict = conflictWith(tablet, compactionType);
  if (conflict !== undefined) {
    const type: CompactionType = conflict.compactionType;
    throw new TabletError(
      'COMPACTION_ALREADY_RUNNING',
      `a ${type} compaction of tablet ${tablet.tabletId} is already running`,
      { tabletId: tablet.tabletId, compactionId: conflict.compactionId, compactionType: type },
    );
  }
  const inputRowsetIds = selection.inputs.map((r) => r.rowsetId);
  return [
    {
      type: 'CompactionTriggered',
      data: { tabletId: tablet.tabletId, compactionId, compactionType, inputRowsetIds, triggeredAt: now },
    },
  ];
}

function start(command: Command<'StartCompaction'>, tablet: RegisteredTablet): TabletEvent[] {
  const running = runningOf(tablet, command.compactionId);
  if (running.startedAt !== undefined) {
    throw new TabletError(
      'COMPACTION_ALREADY_STARTED',
      `compaction ${running.compactionId} was already started`,
      {
        tabletId: tablet.tabletId,
        compactionId: running.compactionId,
      },
    );
  }
  const { compactionId, compactionType } = running;
  return [
    {
      type: 'CompactionStarted',
      data: { tabletId: tablet.tabletId, compactionId, compactionType, startedAt: command.now },
    },
  ];
}

function complete(command: Command<'CompleteCompaction'>, tablet: RegisteredTablet): TabletEvent[] {
  const running = runningOf(tablet, command.compactionId);
  const ids = new Set(running.inputRowsetIds);
  const inputs = tablet.rowsets.filter((r) => ids.has(r.rowsetId));
  const first = inputs[0];
  const last = inputs.at(-1);
  if (first === undefined || last === undefined) throw new Error('a running compaction always has inputs');
  const size = command.output?.size ?? inputs.reduce((sum, r) => sum + r.size, 0);
  const output: Rowset = {
    rowsetId: rowsetIdFor(tablet.nextRowsetSeq),
    startVersion: first.startVersion,
    endVersion: last.endVersion,
    size,
    segments: command.output?.segments ?? segmentsFor(size),
  };
  const { compactionId, compactionType, inputRowsetIds } = running;
  const cumulativePoint = cumulativePointAfter(
    compactionType,
    output,
    tablet.cumulativePoint,
    command.promotionSize,
  );
  return [
    {
      type: 'CompactionCompleted',
      data: {
        tabletId: tablet.tabletId,
        compactionId,
        compactionType,
        inputRowsetIds: [...inputRowsetIds],
        output,
        cumulativePoint,
        completedAt: command.now,
      },
    },
  ];
}

function fail(
  tablet: RegisteredTablet,
  running: RunningCompaction,
  reason: string,
  timedOut: boolean,
  now: string,
) {
  const { compactionId, compactionType } = running;
  const event: TabletEvent = {
    type: 'CompactionFailed',
    data: { tabletId: tablet.tabletId, compactionId, compactionType, reason, timedOut, failedAt: now },
  };
  return [event];
}

function timeOut(command: Command<'TimeOutCompaction'>, tablet: RegisteredTablet): TabletEvent[] {
  const running = runningOf(tablet, command.compactionId);
  const since = running.startedAt ?? running.triggeredAt;
  const deadline = Date.parse(since) + command.timeoutMs;
  if (Date.parse(command.now) < deadline) {
    throw new TabletError(
      'COMPACTION_NOT_EXPIRED',
      `compaction ${running.compactionId} has not timed out yet`,
      {
        tabletId: tablet.tabletId,
        compactionId: running.compactionId,
      },
    );
  }
  const phase = running.startedAt === undefined ? 'triggered' : 'started';
  return fail(
    tablet,
    running,
    `timed out: ${phase} at ${since}, no result within ${command.timeoutMs} ms`,
    true,
    command.now,
  );
}

function decide(command: TabletCommand, state: TabletState): TabletEvent[] {
  if (command.type === 'RegisterTablet') return register(command, state);
  const tablet = registered(state, command.tabletId);
  switch (command.type) {
    case 'AddRowset':
      return addRowset(command, tablet);
    case 'TriggerCompaction':
      return trigger(command, tablet);
    case 'StartCompaction':
      return start(command, tablet);
    case 'CompleteCompaction':
      return complete(command, tablet);
    case 'FailCompaction':
      return fail(tablet, runningOf(tablet, command.compactionId), command.reason, false, command.now);
    case 'TimeOutCompaction':
      return timeOut(command, tablet);
    default:
      return assertNever(command);
  }
}

/** One tablet = one stream `tablet-<tenant>/<tablet_id>`: its rowsets and at most one compaction. */
export const tabletDecider: Decider<TabletState, TabletCommand, TabletEvent> = {
  initialState: initialTabletState,
  decide,
  evolve: evolveTablet,
};
