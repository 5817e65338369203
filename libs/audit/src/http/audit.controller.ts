import { EngineRequest, principalOf, RequestValidationError } from '@engine/kernel';
import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CATEGORIES, CATEGORY_PARAM, DIFF, EVENT_PAGE, STATE_VIEW, SUBJECT_HISTORY } from './audit.openapi';
import { AuditHistoryService, EventPage } from '../history/audit-history.service';
import { AuditRegistry } from '../registry/audit.registry';
import { parseLimit, parseNonNegativeInteger, parsePointInTime } from '../time-travel/point-in-time';
import { TimeTravelService } from '../time-travel/time-travel.service';

type QueryParams = Record<string, unknown>;

const ID_DOC = {
  name: 'id',
  description: 'The stream id after the tenant, components joined by `/` and the whole URL-encoded',
};
const FROM_DOC = { name: 'from', required: false, description: 'first revision (default 0)' };
export { DIRECTION_DOC, FROM_DOC, LIMIT_DOC };
const LIMIT_DOC = { name: 'limit', required: false, description: '1..1000, default 100' };
const DIRECTION_DOC = { name: 'direction', required: false, enum: ['forwards', 'backwards'] };

/**
 * GET of one stream's events, the single implementation behind both `/engine/v1/audit/streams/:s/events`
 * and the older `/engine/v1/streams/:s/events`: 404 for an unknown stream or another tenant's,
 * paged with `next`, forwards or backwards.
 */
export function streamEventsPage(
  history: AuditHistoryService,
  request: EngineRequest,
  stream: string,
  query: QueryParams,
): Promise<EventPage> {
  const checked = history.checkedStream(stream, principalOf(request).tenant);
  const direction = query.direction ?? 'forwards';
  if (direction !== 'forwards' && direction !== 'backwards')
    throw new RequestValidationError(['direction must be forwards or backwards']);
  // Backwards without `from` starts at the stream's end, so an absent `from` stays undefined.
  const from = query.from === undefined || query.from === '' ? undefined : revisionOf(query.from);
  return history.events(checked, from, parseLimit(query.limit), direction);
}

/**
 * History and time travel of any registered aggregate, always within the caller's tenant.
 * Errors use the native shape through the app's global NativeExceptionFilter.
 */
@ApiTags('audit')
@Controller('engine/v1/audit')
export class AuditController {
  constructor(
    private readonly registry: AuditRegistry,
    private readonly history: AuditHistoryService,
    private readonly timeTravel: TimeTravelService,
  ) {}

  @Get('categories')
  @ApiOperation({ summary: 'Categories with audit support' })
  @ApiOkResponse({ schema: CATEGORIES })
  categories() {
    return {
      categories: this.registry
        .categories()
        .map((c) => ({ category: c.category, description: c.description })),
    };
  }

  @Get('streams/:stream/events')
  @ApiOperation({ summary: "A stream's events with envelope metadata, paged (stream name URL-encoded)" })
  @ApiQuery(FROM_DOC)
  @ApiQuery(LIMIT_DOC)
  @ApiQuery(DIRECTION_DOC)
  @ApiParam({ name: 'stream', description: 'stream name, URL-encoded' })
  @ApiOkResponse({ schema: EVENT_PAGE })
  streamEvents(@Req() request: EngineRequest, @Param('stream') stream: string, @Query() query: QueryParams) {
    return streamEventsPage(this.history, request, stream, query);
  }

  @Get(':category/:id/events')
  @ApiOperation({ summary: "An aggregate's events with envelope metadata, paged" })
  @ApiParam(ID_DOC)
  @ApiQuery(FROM_DOC)
  @ApiQuery(LIMIT_DOC)
  @ApiParam(CATEGORY_PARAM)
  @ApiOkResponse({ schema: EVENT_PAGE })
  aggregateEvents(
    @Req() request: EngineRequest,
    @Param('category') category: string,
    @Param('id') id: string,
    @Query() query: QueryParams,
  ) {
    const stream = this.history.aggregateStream({ category, tenant: principalOf(request).tenant, id });
    return this.history.events(stream, revisionOf(query.from), parseLimit(query.limit));
  }

  @Get(':category/:id/subjects/:subject/history')
  @ApiOperation({
    summary:
      'History of one partition / part / segment / tablet / plan partition: only the events that touched it, with what changed',
  })
  @ApiParam(ID_DOC)
  @ApiQuery({ ...FROM_DOC, description: 'revision to continue scanning from (the `next` of a page)' })
  @ApiQuery(LIMIT_DOC)
  @ApiParam(CATEGORY_PARAM)
  @ApiParam({
    name: 'subject',
    description: 'the subject key (segment ID, partition value, part name...), URL-encoded',
  })
  @ApiOkResponse({ schema: SUBJECT_HISTORY })
  subjectHistory(
    @Req() request: EngineRequest,
    @Param('category') category: string,
    @Param('id') id: string,
    @Param('subject') subject: string,
    @Query() query: QueryParams,
  ) {
    const ref = { category, tenant: principalOf(request).tenant, id };
    return this.history.subject(ref, subject, revisionOf(query.from), parseLimit(query.limit));
  }

  @Get(':category/:id/state')
  @ApiOperation({ summary: 'State of an aggregate now, or as of a time or a global position' })
  @ApiParam(ID_DOC)
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO-8601 time: events recorded at or before it' })
  @ApiQuery({ name: 'atPosition', required: false, description: 'global position: events at or before it' })
  @ApiParam(CATEGORY_PARAM)
  @ApiOkResponse({ schema: STATE_VIEW })
  state(
    @Req() request: EngineRequest,
    @Param('category') category: string,
    @Param('id') id: string,
    @Query() query: QueryParams,
  ) {
    return this.timeTravel.stateAt(category, principalOf(request).tenant, id, parsePointInTime(query));
  }

  @Get(':category/:id/diff')
  @ApiOperation({
    summary: 'What changed between two points: the events between them and the state before and after',
  })
  @ApiParam(ID_DOC)
  @ApiQuery({
    name: 'fromAsOf',
    required: false,
    description: 'start time (default: before the first event)',
  })
  @ApiQuery({ name: 'fromPosition', required: false, description: 'start global position' })
  @ApiQuery({ name: 'toAsOf', required: false, description: 'end time (default: now)' })
  @ApiQuery({ name: 'toPosition', required: false, description: 'end global position' })
  @ApiParam(CATEGORY_PARAM)
  @ApiOkResponse({ schema: DIFF })
  diff(
    @Req() request: EngineRequest,
    @Param('category') category: string,
    @Param('id') id: string,
    @Query() query: QueryParams,
  ) {
    const from = parsePointInTime(query, { asOf: 'fromAsOf', atPosition: 'fromPosition' });
    const to = parsePointInTime(query, { asOf: 'toAsOf', atPosition: 'toPosition' });
    return this.timeTravel.diff(category, principalOf(request).tenant, id, from, to);
  }
}

function revisionOf(raw: unknown): bigint {
  if (raw === undefined || raw === '') return 0n;
  const revision = parseNonNegativeInteger(raw);
  if (revision === undefined) throw new RequestValidationError(['from must be a non-negative integer']);
  return revision;
}
