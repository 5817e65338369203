import type { EventStoreDBClient, ResolvedEvent } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { ReadStreamOptions, RecordedEvent, WrongExpectedRevisionError } from '../event-store.port';
import { CHANGE_VOIDED } from './esdb-change-gate';
import { isStreamNotFound, toPortError } from './esdb-errors';
import { CHANGES_STREAM } from './esdb-event-mapping';

export interface ChangeRef {
  stream: string;
  /** The change's id: its first event's id, stamped on every part (`metadata.part.change`). */
  change: string;
}

interface RawReader {
  readStreamRaw(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
}

const STARTED = 'MultiPartChangeStarted';
const FINISHED = 'MultiPartChangeFinished';

/**
 * The register of multi-part changes (stream `multipart-changes`, hidden from the port's
 * readers): a writer records a change as started before its first part and finished after its
 * last. At start, every started-but-not-finished change is settled: complete if its last part
 * is stored, else voided by an EngineChangeVoided marker appended to its stream at the exact
 * revision after what was written (unless something else was appended there since, which voids
 * it as well), so readers stop holding it back. Both outcomes are recorded as events.
 */
export class EsdbChangeRecovery {
  private recovering?: Promise<void>;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly reader: RawReader,
  ) {}

  /** Runs the recovery once (again after a failure, e.g. the server was down at start). */
  ready(): Promise<void> {
    if (!this.recovering) {
      this.recovering = this.recover().catch((error: unknown) => {
        this.recovering = undefined;
        throw error;
      });
    }
    return this.recovering;
  }

  started(change: ChangeRef): Promise<void> {
    return this.record(STARTED, { ...change });
  }

  finished(change: ChangeRef, outcome: 'complete' | 'voided' = 'complete'): Promise<void> {
    return this.record(FINISHED, { ...change, outcome });
  }

  /** Completes or voids one unfinished change; records the outcome. */
  async settle(change: ChangeRef): Promise<'complete' | 'voided'> {
    for (let attempt = 0; ; attempt++) {
      const raw = await this.reader.readStreamRaw(change.stream);
      const start = raw.findIndex((e) => e.metadata?.part?.change === change.change);
      if (start < 0) {
        // Nothing of it was stored: there is nothing to void.
        await this.finished(change, 'voided');
        return 'voided';
      }
      let end = start;
      while (end + 1 < raw.length && raw[end + 1].metadata?.part?.change === change.change) end++;
      const last = raw[end];
      if (last.metadata.part!.index === last.metadata.part!.count) {
        await this.finished(change, 'complete');
        return 'complete';
      }
      if (end + 1 < raw.length) {
        // Something else took the place of the missing parts: readers drop the change already.
        await this.finished(change, 'voided');
        return 'voided';
      }
      try {
        await this.append(change.stream, CHANGE_VOIDED, { change: change.change }, last.revision);
        await this.finished(change, 'voided');
        return 'voided';
      } catch (error) {
        // The writer (alive after all) appended meanwhile: look again.
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= 5) throw error;
      }
    }
  }

  private async recover(): Promise<void> {
    const open = new Map<string, ChangeRef>();
    for (const record of await this.register()) {
      const data = record.data as ChangeRef;
      const id = `${data.stream}\n${data.change}`;
      if (record.type === STARTED) open.set(id, { stream: data.stream, change: data.change });
      if (record.type === FINISHED) open.delete(id);
    }
    for (const change of open.values()) await this.settle(change);
  }

  /** The register's records (a hidden stream: read with the client, not through the port's mapping). */
  private async register(): Promise<{ type: string; data: unknown }[]> {
    const records: { type: string; data: unknown }[] = [];
    try {
      for await (const resolved of this.client.readStream(CHANGES_STREAM) as AsyncIterable<ResolvedEvent>) {
        if (resolved.event?.isJson) records.push({ type: resolved.event.type, data: resolved.event.data });
      }
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw toPortError(error);
    }
    return records;
  }

  private record(type: string, data: Record<string, string>): Promise<void> {
    return this.append(CHANGES_STREAM, type, data, 'any');
  }

  private async append(
    stream: string,
    type: string,
    data: Record<string, string>,
    expected: bigint | 'any',
  ): Promise<void> {
    try {
      await this.client.appendToStream(
        stream,
        [{ id: randomUUID(), type, contentType: 'application/json', data, metadata: {} }],
        { expectedRevision: expected },
      );
    } catch (error) {
      throw toPortError(error, stream, expected);
    }
  }
}
