import { EVENT_STORE, EventStore, parseStreamName, ReadDirection } from '@engine/eventstore';
import { eventToJson, EventJson } from '@engine/kernel';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { SubjectChange } from '../registry/audit-family';
import { SubjectMatcher } from './subject-matcher';
import { AuditRegistry } from '../registry/audit.registry';
import { AggregateRef, streamOf } from '../time-travel/aggregate-ref';

export interface EventPage {
  stream: string;
  events: EventJson[];
  /** `from` of the next page; absent on the last page. */
  next?: string;
}

/** An event that touched a subject, without its (possibly bulky) data: only what changed for it. */
export type SubjectHistoryEntry = Omit<EventJson, 'data'> & { changes: SubjectChange[] };

export interface SubjectHistoryPage {
  stream: string;
  subject: string;
  entries: SubjectHistoryEntry[];
  /** `from` to continue scanning; absent once the whole stream has been scanned. */
  next?: string;
}

const SCAN_PAGE = 1000;
/** A subject history request scans at most this many events before answering with what it has. */
const SCAN_BUDGET = 50_000;

/** Paged histories of aggregates and of single subjects within them, tenant-scoped. */
@Injectable()
export class AuditHistoryService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly registry: AuditRegistry,
  ) {}

  /** A stream by name; another tenant's stream is reported absent, so its existence is not leaked. */
  checkedStream(stream: string, tenant: string): string {
    const parsed = parseStreamName(stream);
    if (!parsed || parsed.tenant !== tenant) throw new NotFoundException(`Stream ${stream} not found`);
    return stream;
  }

  aggregateStream(ref: AggregateRef): string {
    this.registry.get(ref.category);
    return streamOf(ref);
  }

  /**
   * One page of a stream, forwards from `from` (default its start) or backwards from `from`
   * (default its end); `next` is the `from` of the following page in the same direction.
   */
  async events(
    stream: string,
    from: bigint | undefined,
    limit: number,
    direction: ReadDirection = 'forwards',
  ): Promise<EventPage> {
    const events = await this.store.readStream(stream, {
      fromRevision: from,
      direction,
      maxCount: limit + 1,
    });
    // Empty from the start (or, backwards, from the end) means no such stream; past its end, a last empty page.
    if (events.length === 0 && (from === undefined || from === 0n))
      throw new NotFoundException(`Stream ${stream} not found`);
    const page = events.slice(0, limit);
    return {
      stream,
      events: page.map(eventToJson),
      ...(events.length > limit ? { next: events[limit].revision.toString() } : {}),
    };
  }

  async subject(
    ref: AggregateRef,
    subject: string,
    from: bigint,
    limit: number,
  ): Promise<SubjectHistoryPage> {
    const family = this.registry.get(ref.category);
    const stream = streamOf(ref);
    const entries: SubjectHistoryEntry[] = [];
    const matcher = new SubjectMatcher(subject, from > 0n);
    let revision = from;
    let scanned = 0;
    for (;;) {
      const page = await this.store.readStream(stream, { fromRevision: revision, maxCount: SCAN_PAGE });
      if (page.length === 0 && revision === 0n)
        throw new NotFoundException(`No ${ref.category} ${ref.id} found`);
      for (const event of page) {
        revision = event.revision + 1n;
        scanned++;
        const changes = matcher.match(family.describe(event));
        if (changes.length === 0) continue;
        const { data: _data, ...envelope } = eventToJson(event);
        entries.push({ ...envelope, changes });
        if (entries.length >= limit) return { stream, subject, entries, next: revision.toString() };
      }
      if (page.length < SCAN_PAGE) {
        // A subject no event ever named does not exist (only a full scan from the start can say so).
        if (!matcher.seen) throw new NotFoundException(`No subject ${subject} in ${ref.category} ${ref.id}`);
        return { stream, subject, entries };
      }
      if (scanned >= SCAN_BUDGET) return { stream, subject, entries, next: revision.toString() };
    }
  }
}
