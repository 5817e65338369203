import { EVENT_STORE, EventStore } from '@engine/eventstore';
import { parseLimit, parseNonNegativeInteger } from '@engine/audit';
import {
  AnyScope,
  apiArray,
  apiDecimal,
  apiEventJson,
  apiObject,
  eventToJson,
  principalOf,
  EngineRequest,
  RequestValidationError,
  SYSTEM_TENANT,
} from '@engine/kernel';
import { Controller, Get, Inject, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';

const MAX_LIMIT = 1000;
/** A page scans at most this many events of other tenants before answering with what it has. */
const SCAN_BUDGET = 50_000;

@ApiTags('events')
@Controller('engine/v1')
export class EventsController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('events')
  @AnyScope()
  @ApiOperation({
    summary:
      "Pages of $all: a tenant's key sees its own events, an engine-wide key of tenant '*' every event. " +
      '`next` is the `from` of the next page; `head` (the global head) is shown to engine-wide keys only.',
  })
  @ApiQuery({ name: 'from', required: false, description: 'exclusive global position (default 0)' })
  @ApiQuery({ name: 'limit', required: false, description: `1..${MAX_LIMIT}, default 100` })
  @ApiOkResponse({
    schema: apiObject({ events: apiArray(apiEventJson), next: apiDecimal, head: apiDecimal }),
  })
  async events(@Req() request: EngineRequest, @Query('from') from?: string, @Query('limit') limit?: string) {
    const principal = principalOf(request);
    const everyTenant = principal.tenant === SYSTEM_TENANT;
    const start = parsePosition(from, 'from');
    const max = parseLimit(limit, MAX_LIMIT);
    const events = [];
    let position = start;
    // A tenant's `next` never points past its own last event into other tenants' activity,
    // unless a whole scan budget of other events was skipped (then paging must move on).
    let next = start;
    let scanned = 0;
    while (events.length < max && scanned < SCAN_BUDGET) {
      const page = await this.store.readAll({
        fromPosition: position,
        maxCount: Math.min(1000, SCAN_BUDGET - scanned),
      });
      for (const event of page) {
        position = event.position;
        if (everyTenant || event.metadata.tenant === principal.tenant) {
          events.push(eventToJson(event));
          next = event.position;
        }
        if (events.length >= max) break;
      }
      scanned += page.length;
      if (page.length === 0) break;
    }
    if (scanned >= SCAN_BUDGET) next = position;
    return {
      events,
      next: next.toString(),
      ...(principal.system ? { head: (await this.store.headPosition()).toString() } : {}),
    };
  }
}

function parsePosition(raw: string | undefined, name: string): bigint {
  if (raw === undefined || raw === '') return 0n;
  const position = parseNonNegativeInteger(raw);
  if (position === undefined) throw new RequestValidationError([`${name} must be a non-negative integer`]);
  return position;
}
