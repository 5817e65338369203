/**
 * TEST DOUBLE ONLY. The filtered $all subscription of EventStoreDB 24.2 and later, as written in
 * KurrentDB src/EventStore.Core/Services/Transport/Enumerators/Enumerator.AllSubscriptionFiltered.cs
 * (tags v24.10.4 and v24.10.5): the live subscription is registered first, then catch-up reads
 * pages and live mode drains a 32-entry buffer, going back to catch-up whenever the buffer
 * overflowed. Checkpoint forms differ by version (see ServerVersion).
 */
import * as streams from '@eventstore/db-client/generated/streams_pb';
import { InMemoryEventLog, StoredEvent } from './in-memory-event-log';
import { checkpointResponse, readEventResponse } from './esdb-proto-messages';
import { ServerVersion } from './esdb-server-version';

/** A transaction-file position { commit, prepare }, compared commit first. */
export interface TfPos {
  commit: bigint;
  prepare: bigint;
}

/** TFPos.HeadOfTf: "before the first record", the start when no checkpoint is given. */
const HEAD_OF_TF: TfPos = { commit: -1n, prepare: -1n };
/** TFPos.FirstRecordOfTf. */
const FIRST_RECORD: TfPos = { commit: 0n, prepare: 0n };
/** HeadOfTf as the wire's unsigned positions: Position.FromInt64(-1, -1). */
const SENTINEL = (1n << 64n) - 1n;
/** Enumerator.cs: MaxLiveEventBufferCount = 32 (DropOldest) and ReadBatchSize = 32 (page size). */
const LIVE_BUFFER = 32;
const READ_BATCH = 32;

const cmp = (a: TfPos, b: TfPos) =>
  a.commit !== b.commit
    ? a.commit < b.commit
      ? -1
      : 1
    : a.prepare === b.prepare
      ? 0
      : a.prepare < b.prepare
        ? -1
        : 1;
const at = (event: StoredEvent): TfPos => ({ commit: event.position, prepare: event.position });

type LiveEntry = { seq: number; event: StoredEvent } | { seq: number; checkpoint: TfPos };

export interface PagedSubscriptionContext {
  log: InMemoryEventLog;
  version: ServerVersion;
  matches(event: StoredEvent): boolean;
  /** maxSearchWindow (events considered per page). */
  window: number;
  /** Considered events between checkpoints: multiplier × window. */
  interval: number;
  /** Where the client asked to start: an event position, the end, or undefined for the start. */
  start: TfPos | 'end' | undefined;
  /** Sends with back-pressure; false once the call is gone. */
  send(message: streams.ReadResp): Promise<boolean>;
  stopped(): boolean;
  wentLive(): void;
  fellBehind(): void;
  /** Resolves when the call ends or the server stops. */
  whenStopped: Promise<void>;
}

export async function pagedFilteredSubscription(context: PagedSubscriptionContext): Promise<void> {
  const { log, version } = context;
  // SubscribeToLive: every later record goes through the live buffer, numbered.
  const buffer: LiveEntry[] = [];
  let seen = log.all.length;
  let liveSeq = 0;
  let liveCounter = 0;
  const fillBuffer = () => {
    for (; seen < log.all.length; seen++) {
      const event = log.all[seen];
      if (context.matches(event)) push({ seq: ++liveSeq, event });
      // SubscriptionsService.cs: a live CheckpointReached every `interval` considered events,
      // at that event's own position.
      if (++liveCounter >= context.interval) {
        liveCounter = 0;
        push({ seq: ++liveSeq, checkpoint: at(event) });
      }
    }
  };
  // LiveChannelOptions: FullMode = DropOldest, so an overflow leaves a gap in the numbers.
  const push = (entry: LiveEntry) => buffer.push(entry) > LIVE_BUFFER && buffer.shift();
  let wake: (() => void) | undefined;
  const unlisten = log.onAppended(() => {
    fillBuffer();
    wake?.();
  });
  void context.whenStopped.then(() => wake?.());
  const nextAppend = () => new Promise<void>((resolve) => (wake = resolve));
  const lastIndexed = log.all.length ? at(log.all[log.all.length - 1]) : FIRST_RECORD;

  let lastEvent: TfPos | undefined;
  let lastCheckpoint: TfPos | undefined;
  // MoveNextAsync drops events and checkpoints at or before the last one sent.
  const sendEvent = async (event: StoredEvent) => {
    if (lastEvent && cmp(at(event), lastEvent) <= 0) return true;
    lastEvent = at(event);
    return context.send(readEventResponse(event));
  };
  const sendCheckpoint = async (checkpoint: TfPos) => {
    // KDB-710 added a failsafe: HeadOfTf is never sent. Before it, it went out as 2^64-1.
    if (cmp(checkpoint, HEAD_OF_TF) === 0 && version.noSentinel) return true;
    if (lastCheckpoint && cmp(checkpoint, lastCheckpoint) <= 0) return true;
    lastCheckpoint = checkpoint;
    const wire = checkpoint.commit < 0n ? { commit: SENTINEL, prepare: SENTINEL } : checkpoint;
    return context.send(checkpointResponse(wire.commit, wire.prepare));
  };

  const catchUp = async (from: TfPos): Promise<TfPos | undefined> => {
    let checkpoint = from;
    let counter = 0;
    // ReadPage: a start before the log reads from its first record.
    let pageStart = from.commit < 0n ? FIRST_RECORD : from;
    for (;;) {
      if (context.stopped()) return undefined;
      // AllReader.FilteredReadAllEventsForward: up to 32 matches within `window` considered records;
      // CurrentPos is the page start, NextPos { next record's start, 0 }.
      let index = log.indexAfter(pageStart.commit, pageStart.prepare, true);
      let considered = 0;
      let nextPos = pageStart;
      const matched: StoredEvent[] = [];
      while (index < log.all.length && matched.length < READ_BATCH && considered < context.window) {
        const event = log.all[index++];
        considered++;
        nextPos = { commit: log.postPosition(event), prepare: 0n };
        if (context.matches(event)) matched.push(event);
      }
      const endOfStream = index >= log.all.length;
      for (const event of matched) {
        if (cmp(at(event), checkpoint) <= 0) continue;
        if (!(await sendEvent(event))) return undefined;
        checkpoint = at(event);
      }
      // KDB-744 (24.10.5): the page start is a checkpoint once the page was read past it.
      if (version.pageStartCheckpoint && cmp(checkpoint, pageStart) < 0 && cmp(pageStart, nextPos) < 0) {
        checkpoint = pageStart;
      }
      counter += considered;
      if (endOfStream) {
        // KDB-744: a trivial checkpoint instead of none. Before KDB-710, a subscription from the
        // start that matched nothing and reached no interval sends HeadOfTf here: the sentinel.
        if (
          version.pageStartCheckpoint &&
          cmp(checkpoint, FIRST_RECORD) < 0 &&
          cmp(FIRST_RECORD, nextPos) < 0
        ) {
          checkpoint = FIRST_RECORD;
        }
        if (!(await sendCheckpoint(checkpoint))) return undefined;
        return checkpoint;
      }
      if (counter >= context.interval) {
        counter %= context.interval;
        // 24.2 to 24.10.4: only at an interval does the page start become the checkpoint.
        if (!version.pageStartCheckpoint && cmp(checkpoint, pageStart) < 0) checkpoint = pageStart;
        if (!(await sendCheckpoint(checkpoint))) return undefined;
      }
      pageStart = nextPos;
    }
  };

  let seq = 0;
  const goLive = async (from: TfPos): Promise<TfPos | undefined> => {
    let checkpoint = from;
    context.wentLive();
    if (!(await context.send(new streams.ReadResp().setCaughtUp(new streams.ReadResp.CaughtUp()))))
      return undefined;
    for (;;) {
      const entry = buffer.shift();
      if (!entry) {
        if (context.stopped()) return undefined;
        await nextAppend();
        continue;
      }
      const inOrder = entry.seq === seq + 1;
      seq = entry.seq;
      if ('event' in entry && cmp(at(entry.event), checkpoint) <= 0) continue;
      if ('checkpoint' in entry && cmp(entry.checkpoint, checkpoint) < 0) continue;
      if (!inOrder) {
        // The buffer overflowed: "fell behind". The server notes it (SubscriptionFellBehind) but
        // Streams.Read.cs does not send it to gRPC clients ("currently not sent to clients");
        // it sends a checkpoint and catches up again, then sends caughtUp again.
        context.fellBehind();
        if (!(await sendCheckpoint(checkpoint))) return undefined;
        return checkpoint;
      }
      if ('event' in entry) {
        if (!(await sendEvent(entry.event))) return undefined;
        checkpoint = at(entry.event);
      } else {
        if (!(await sendCheckpoint(entry.checkpoint))) return undefined;
        checkpoint = entry.checkpoint;
      }
    }
  };

  // ConvertCheckpoint: none is HeadOfTf, End the last indexed position.
  let checkpoint: TfPos | undefined =
    context.start === undefined ? HEAD_OF_TF : context.start === 'end' ? lastIndexed : context.start;
  try {
    if (cmp(checkpoint, lastIndexed) >= 0) checkpoint = await goLive(checkpoint);
    while (checkpoint && !context.stopped()) {
      checkpoint = await catchUp(checkpoint);
      if (checkpoint) checkpoint = await goLive(checkpoint);
    }
  } finally {
    unlisten();
  }
}
