import { EVENT_STORE, EventStore } from '@engine/eventstore';
import { EngineRequest, principalOf, RequestValidationError } from '@engine/kernel';
import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';

import type { FastifyReply } from 'fastify';
import { EventFeedService } from '../subscriptions/event-feed.service';
import { SseConnection } from '../subscriptions/sse-connection';
import { parseNonNegativeInteger } from '../time-travel/point-in-time';

const DEFAULT_HEARTBEAT_MS = 15_000;

/** Downstream consumers: the caller's events as Server-Sent Events, resumable by position. */
@ApiTags('events')
@Controller('engine/v1/events')
export class EventSubscriptionController {
  constructor(
    private readonly feed: EventFeedService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get('subscribe')
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary:
      "Server-Sent Events of the caller's tenant: `id` = global position, `event` = type, `data` = the event with metadata. Catch-up, then live.",
  })
  @ApiQuery({
    name: 'from',
    required: false,
    description: 'exclusive global position (default 0), or `now`: only events appended from now on',
  })
  @ApiQuery({ name: 'category', required: false, description: 'comma list of stream categories' })
  @ApiQuery({ name: 'type', required: false, description: 'comma list of event types' })
  @ApiQuery({ name: 'heartbeat', required: false, description: 'heartbeat period in ms (default 15000)' })
  @ApiOkResponse({
    description:
      'Server-Sent Events: `id` is the global position, `event` the event type, `data` the event JSON',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'resume after this position' })
  async subscribe(
    @Req() request: EngineRequest,
    @Res() reply: FastifyReply,
    @Query() query: Record<string, unknown>,
  ): Promise<void> {
    const tenant = principalOf(request).tenant;
    // Validated before hijacking, so bad input still gets the native 400.
    // `now` starts at the store's head without telling a tenant where the global head is.
    const fromNow = query.from === 'now' && !request.headers['last-event-id'];
    const from = fromNow
      ? await this.store.headPosition()
      : startPosition(query.from, request.headers['last-event-id']);
    const filter = { categories: list(query.category), eventTypes: list(query.type) };
    const heartbeat = heartbeatMs(query.heartbeat);
    reply.hijack();
    const connection = new SseConnection(reply.raw, heartbeat);
    connection.comment(fromNow ? 'from now' : `from ${from}`);
    await this.feed.pipe({ tenant, from, filter }, connection);
  }
}

/** Last-Event-ID wins over `from`: a reconnecting EventSource repeats the original URL. */
function startPosition(from: unknown, lastEventId: string | string[] | undefined): bigint {
  const header = Array.isArray(lastEventId) ? lastEventId[0] : lastEventId;
  const [raw, name] = header !== undefined && header !== '' ? [header, 'Last-Event-ID'] : [from, 'from'];
  if (raw === undefined || raw === '') return 0n;
  const position = parseNonNegativeInteger(raw);
  if (position === undefined) throw new RequestValidationError([`${name} must be a non-negative integer`]);
  return position;
}

function list(raw: unknown): string[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') throw new RequestValidationError(['category and type are comma lists']);
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function heartbeatMs(raw: unknown): number {
  if (raw === undefined || raw === '') return DEFAULT_HEARTBEAT_MS;
  const value = typeof raw === 'string' && /^\d{1,7}$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= 10 && value <= 600_000))
    throw new RequestValidationError(['heartbeat must be an integer between 10 and 600000 (ms)']);
  return value;
}
