import { EVENT_STORE, EventStore, RecordedEvent } from '@engine/eventstore';
import {
  AggregateLoader,
  eventToJson,
  EventJson,
  PastAggregate,
  RequestValidationError,
} from '@engine/kernel';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { AggregateAt, SubjectChange } from '../registry/audit-family';
import { AuditRegistry } from '../registry/audit.registry';
import { AggregateRef, streamOf } from './aggregate-ref';
import { PointInTimeQuery, toLoaderPoint } from './point-in-time';

export interface AggregateStateView {
  category: string;
  id: string;
  stream: string;
  /** The point asked for (absent: the current state). */
  asOf?: string;
  atPosition?: string;
  /** Revision of the last event folded in; -1 before the aggregate's first event. */
  revision: string;
  /** Global position and recording time of that last event. */
  position?: string;
  recordedAt?: string;
  state: unknown;
}

export interface AggregateDiff {
  category: string;
  id: string;
  stream: string;
  before: AggregateStateView;
  after: AggregateStateView;
  /** The events between the two points, each with the subjects it touched. */
  events: (EventJson & { changes: SubjectChange[] })[];
  /** True when there were more events than MAX_DIFF_EVENTS (states are still exact). */
  truncated: boolean;
}

const MAX_DIFF_EVENTS = 1000;

/** Any aggregate's state as of a time or a position, folded by the family's own evolve. */
@Injectable()
export class TimeTravelService {
  constructor(
    private readonly loader: AggregateLoader,
    private readonly registry: AuditRegistry,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async stateAt(
    category: string,
    tenant: string,
    id: string,
    point?: PointInTimeQuery,
  ): Promise<AggregateStateView> {
    const ref = { category, tenant, id };
    const stream = await this.existingStream(ref);
    return this.view(ref, stream, point);
  }

  /** The family's own state at a point, for a route that presents it in its live shape. */
  async pastAt(
    category: string,
    tenant: string,
    id: string,
    point: PointInTimeQuery,
    historyOf?: readonly string[],
  ): Promise<PastAggregate> {
    const ref = { category, tenant, id };
    const stream = await this.existingStream(ref);
    return this.registry.get(category).replayAt(this.store, stream, toLoaderPoint(point), historyOf);
  }

  /** What changed between two points; `from` undefined = before the first event, `to` undefined = now. */
  async diff(
    category: string,
    tenant: string,
    id: string,
    from: PointInTimeQuery | undefined,
    to: PointInTimeQuery | undefined,
  ): Promise<AggregateDiff> {
    const ref = { category, tenant, id };
    const stream = await this.existingStream(ref);
    const before = await this.view(ref, stream, from ?? { atPosition: 0n });
    const after = await this.view(ref, stream, to);
    const first = BigInt(before.revision) + 1n;
    const count = BigInt(after.revision) - first + 1n;
    if (count < 0n) throw new RequestValidationError(['the diff must end at or after its start']);
    const family = this.registry.get(category);
    const recorded: RecordedEvent[] =
      count === 0n
        ? []
        : // Revisions may skip numbers (EventStoreDB pieces): keep the range's events only.
          (
            await this.store.readStream(stream, {
              fromRevision: first,
              maxCount: Math.min(Number(count), MAX_DIFF_EVENTS),
            })
          ).filter((e) => e.revision <= BigInt(after.revision));
    return {
      category,
      id,
      stream,
      before,
      after,
      events: recorded.map((event) => ({ ...eventToJson(event), changes: family.describe(event) })),
      truncated: count > BigInt(MAX_DIFF_EVENTS),
    };
  }

  /** The stream of an aggregate that has at least one event; 404 otherwise (or another tenant's). */
  async existingStream(ref: AggregateRef): Promise<string> {
    this.registry.get(ref.category);
    const stream = streamOf(ref);
    const first = await this.store.readStream(stream, { maxCount: 1 });
    if (first.length === 0) throw new NotFoundException(`No ${ref.category} ${ref.id} found`);
    return stream;
  }

  private async view(
    ref: AggregateRef,
    stream: string,
    point?: PointInTimeQuery,
  ): Promise<AggregateStateView> {
    const family = this.registry.get(ref.category);
    const at: AggregateAt = await family.stateAt(this.loader, stream, point && toLoaderPoint(point));
    const last = at.lastEvent ?? (point ? undefined : await this.lastEvent(stream));
    return {
      category: ref.category,
      id: ref.id,
      stream,
      ...(point?.asOf ? { asOf: point.asOf.toISOString() } : {}),
      ...(point?.atPosition !== undefined ? { atPosition: point.atPosition.toString() } : {}),
      revision: at.revision.toString(),
      ...(last ? { position: last.position.toString(), recordedAt: last.recordedAt } : {}),
      state: at.state,
    };
  }

  private async lastEvent(stream: string): Promise<RecordedEvent | undefined> {
    const [last] = await this.store.readStream(stream, { direction: 'backwards', maxCount: 1 });
    return last;
  }
}
