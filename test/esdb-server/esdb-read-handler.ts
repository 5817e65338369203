/**
 * TEST DOUBLE ONLY. Streams.Read of the fake EventStoreDB server: stream reads, $all reads and
 * filtered catch-up-then-live subscriptions to $all with checkpoints, as EventStoreDB sends them.
 */
import * as grpc from '@grpc/grpc-js';
import * as streams from '@eventstore/db-client/generated/streams_pb';
import { InMemoryEventLog, InvalidPositionError, StoredEvent } from './in-memory-event-log';
import { checkpointResponse, readEventResponse, streamIdentifier, streamNameOf } from './esdb-proto-messages';
import { pagedFilteredSubscription } from './esdb-paged-subscription';
import { ServerVersion } from './esdb-server-version';

type ReadCall = grpc.ServerWritableStream<streams.ReadReq, streams.ReadResp>;

/** EventStoreDB's default search window; a checkpoint goes out every multiplier × window events. */
const DEFAULT_WINDOW = 32;

export interface ReadHandlerContext {
  log: InMemoryEventLog;
  /** Resolves when the server stops, so live subscriptions end with it. */
  stopped: Promise<void>;
  version: ServerVersion;
  /** Called each time a subscription reaches live mode (whether or not it sends caughtUp). */
  wentLive(): void;
  /** Counters the tests read. */
  stats: ServerStats;
}

export interface ServerStats {
  backwardsAllReads: number;
  /** Times a live subscription overflowed its buffer and went back to catch-up. */
  fellBehind: number;
}

export function readHandler(
  context: ReadHandlerContext,
): grpc.handleServerStreamingCall<streams.ReadReq, streams.ReadResp> {
  return (call) => {
    const options = call.request.getOptions();
    const run = async () => {
      if (!options) throw new Error('read without options');
      if (options.hasSubscription() && options.hasAll()) return subscribeToAll(call, options, context);
      if (options.hasSubscription()) {
        return void call.emit(
          'error',
          Object.assign(new Error('stream subscriptions are not implemented by the test double'), {
            code: grpc.status.UNIMPLEMENTED,
          }),
        );
      }
      if (
        options.hasAll() &&
        options.getReadDirection() === streams.ReadReq.Options.ReadDirection.BACKWARDS
      ) {
        context.stats.backwardsAllReads++;
      }
      const events = options.hasAll() ? readAll(context.log, options) : readStream(context.log, options);
      if (events === undefined) {
        const notFound = new streams.ReadResp.StreamNotFound().setStreamIdentifier(
          streamIdentifier(streamNameOf(options.getStream()?.getStreamIdentifier())),
        );
        await write(call, new streams.ReadResp().setStreamNotFound(notFound));
      } else {
        for (const event of events) if (!(await write(call, readEventResponse(event)))) return;
      }
      call.end();
    };
    run().catch((error: Error) => {
      const code =
        error instanceof InvalidPositionError ? grpc.status.INVALID_ARGUMENT : grpc.status.INTERNAL;
      call.emit('error', Object.assign(error, { code, details: error.message }));
    });
  };
}

function countOf(options: streams.ReadReq.Options): number {
  return options.hasCount() ? Number(options.getCount()) : Number.MAX_SAFE_INTEGER;
}

function readStream(log: InMemoryEventLog, options: streams.ReadReq.Options): StoredEvent[] | undefined {
  const stream = options.getStream();
  const events = log.readStream(streamNameOf(stream?.getStreamIdentifier()));
  if (!stream || !events) return undefined;
  const count = countOf(options);
  if (options.getReadDirection() === streams.ReadReq.Options.ReadDirection.FORWARDS) {
    const from = stream.hasRevision() ? Number(stream.getRevision()) : stream.hasEnd() ? events.length : 0;
    return events.slice(from, from + count);
  }
  const from = stream.hasRevision()
    ? Math.min(Number(stream.getRevision()), events.length - 1)
    : stream.hasStart()
      ? 0
      : events.length - 1;
  return events.slice(Math.max(0, from - count + 1), from + 1).reverse();
}

/** Forwards from a position includes the event at it; backwards from a position starts before it. */
function readAll(log: InMemoryEventLog, options: streams.ReadReq.Options): StoredEvent[] {
  const all = options.getAll();
  const position = all?.getPosition();
  const count = countOf(options);
  // The first index at or after the requested position.
  const at =
    position &&
    log.indexAfter(BigInt(position.getCommitPosition()), BigInt(position.getPreparePosition()), true);
  if (options.getReadDirection() === streams.ReadReq.Options.ReadDirection.FORWARDS) {
    const from = position ? (at as number) : all?.hasEnd() ? log.all.length : 0;
    return log.all.slice(from, from + count);
  }
  const end = position ? (at as number) : all?.hasStart() ? 0 : log.all.length;
  return log.all.slice(Math.max(0, end - count), end).reverse();
}

interface CompiledFilter {
  matches(event: StoredEvent): boolean;
  window: number;
  checkpointInterval: number;
}

function compileFilter(filter: streams.ReadReq.Options.FilterOptions): CompiledFilter {
  const onStream = filter.hasStreamIdentifier();
  const expression = onStream ? filter.getStreamIdentifier() : filter.getEventType();
  const regex = expression?.getRegex() ? new RegExp(expression.getRegex()) : undefined;
  const prefixes = expression?.getPrefixList() ?? [];
  const window = filter.hasMax() ? filter.getMax() : DEFAULT_WINDOW;
  return {
    window,
    checkpointInterval: Math.max(1, filter.getCheckpointintervalmultiplier()) * window,
    matches(event) {
      const value = onStream ? event.streamName : event.type;
      return regex ? regex.test(value) : prefixes.some((p) => value.startsWith(p));
    },
  };
}

async function subscribeToAll(
  call: ReadCall,
  options: streams.ReadReq.Options,
  context: ReadHandlerContext,
): Promise<void> {
  const { log } = context;
  const start = options.getAll()?.getPosition();
  let cursor = start
    ? log.indexAfter(BigInt(start.getCommitPosition()), BigInt(start.getPreparePosition()))
    : options.getAll()?.hasEnd()
      ? log.all.length
      : 0;
  const filter = options.hasFilter()
    ? compileFilter(options.getFilter() as streams.ReadReq.Options.FilterOptions)
    : undefined;
  let stopped = false;
  let wake: (() => void) | undefined;
  const unlisten = log.onAppended(() => wake?.());
  const stop = () => {
    stopped = true;
    wake?.();
  };
  call.on('cancelled', stop);
  void context.stopped.then(stop);

  const confirmation = new streams.ReadResp.SubscriptionConfirmation().setSubscriptionId(
    `test-double-${Date.now()}`,
  );
  await write(call, new streams.ReadResp().setConfirmation(confirmation));
  if (filter && context.version.paged) {
    return pagedFilteredSubscription({
      log,
      version: context.version,
      matches: filter.matches,
      window: filter.window,
      interval: filter.checkpointInterval,
      start: start
        ? { commit: BigInt(start.getCommitPosition()), prepare: BigInt(start.getPreparePosition()) }
        : options.getAll()?.hasEnd()
          ? 'end'
          : undefined,
      send: (message) => write(call, message),
      wentLive: context.wentLive,
      fellBehind: () => context.stats.fellBehind++,
      stopped: () => stopped,
      whenStopped: new Promise<void>((resolve) => {
        call.on('cancelled', resolve);
        void context.stopped.then(resolve);
      }),
    }).finally(unlisten);
  }
  // Before 24.2 (oss-v23.10.0 src/EventStore.Core/Services/Transport/Grpc/
  // Enumerators.AllSubscriptionFiltered.cs): a checkpoint every interval considered events.
  let considered = 0;
  // During catch-up, EventStoreDB's checkpoint is where the next record starts (prepare 0).
  let checkpoint: bigint | undefined;
  let caughtUp = false;
  try {
    while (!stopped) {
      while (cursor < log.all.length && !stopped) {
        const event = log.all[cursor++];
        checkpoint = log.postPosition(event);
        if (!filter || filter.matches(event)) await write(call, readEventResponse(event));
        if (filter && ++considered >= filter.checkpointInterval) {
          considered = 0;
          const response = caughtUp
            ? checkpointResponse(event.position, event.position)
            : checkpointResponse(checkpoint, 0n);
          await write(call, response);
        }
      }
      if (stopped) return;
      if (!caughtUp) {
        caughtUp = true;
        context.wentLive();
        // Like EventStoreDB, a checkpoint when going live so a filtered consumer can advance.
        if (filter && checkpoint !== undefined) await write(call, checkpointResponse(checkpoint, 0n));
        // caughtUp reaches gRPC clients from 23.10 only (see esdb-server-version.ts).
        if (context.version.sendsCaughtUp) {
          await write(call, new streams.ReadResp().setCaughtUp(new streams.ReadResp.CaughtUp()));
        }
      }
      if (cursor >= log.all.length) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    unlisten();
  }
}

/** Writes with back-pressure; false when the call is gone. */
async function write(call: ReadCall, message: streams.ReadResp): Promise<boolean> {
  if (call.cancelled || call.destroyed) return false;
  if (call.write(message)) return true;
  return new Promise<boolean>((resolve) => {
    const done = () => {
      call.off('drain', done);
      call.off('cancelled', done);
      call.off('close', done);
      resolve(!call.cancelled);
    };
    call.once('drain', done);
    call.once('cancelled', done);
    call.once('close', done);
  });
}
