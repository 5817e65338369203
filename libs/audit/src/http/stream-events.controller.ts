import { EngineRequest } from '@engine/kernel';
import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DIRECTION_DOC, FROM_DOC, LIMIT_DOC, streamEventsPage } from './audit.controller';
import { EVENT_PAGE } from './audit.openapi';
import { AuditHistoryService } from '../history/audit-history.service';

/**
 * The older URL of a stream's events, kept for compatibility: the same implementation as
 * `/engine/v1/audit/streams/:stream/events` (404 for an unknown stream, paged with `next`).
 */
@ApiTags('events')
@Controller('engine/v1')
export class StreamEventsController {
  constructor(private readonly history: AuditHistoryService) {}

  @Get('streams/:stream/events')
  @ApiOperation({
    summary:
      "One stream's events with envelope metadata, paged; same as /engine/v1/audit/streams/{stream}/events",
  })
  @ApiQuery(FROM_DOC)
  @ApiQuery(LIMIT_DOC)
  @ApiQuery(DIRECTION_DOC)
  @ApiParam({ name: 'stream', description: 'stream name, `<category>-<tenant>/<id>`, URL-encoded' })
  @ApiOkResponse({ schema: EVENT_PAGE })
  stream(
    @Req() request: EngineRequest,
    @Param('stream') stream: string,
    @Query() query: Record<string, unknown>,
  ) {
    return streamEventsPage(this.history, request, stream, query);
  }
}
