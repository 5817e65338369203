import { EngineRequest, principalOf, RequestValidationError } from '@engine/kernel';
import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { BrowseDatasourcesQuery, BrowseSegmentsQuery } from '../application';
import { formatIsoInstant } from '../domain';
import {
  BROWSE_DATASOURCES,
  BROWSE_SEGMENTS,
  DATASOURCE_PARAM,
  PAGE_CURSOR_QUERY,
  PAGE_LIMIT_QUERY,
} from './segments.openapi';
import { toNativeSegment } from './segment-json.presenter';

const BROWSE_STATES = ['used', 'unused', 'overshadowed', 'all'] as const;
type BrowseState = (typeof BROWSE_STATES)[number];

/** `limit` 1..1000 (default 100) and an opaque `cursor` (the `next` of the previous page). */
function pageParams(query: Record<string, unknown>): { limit: number; cursor: string } {
  const { limit, cursor } = query;
  if (
    limit !== undefined &&
    (typeof limit !== 'string' || !/^\d{1,4}$/.test(limit) || +limit < 1 || +limit > 1000)
  )
    throw new RequestValidationError(['limit must be an integer from 1 to 1000']);
  if (cursor !== undefined && typeof cursor !== 'string')
    throw new RequestValidationError(['cursor must be the next of a previous page']);
  return { limit: limit === undefined ? 100 : Number(limit), cursor: cursor ?? '' };
}

/**
 * Browsing Druid segments without loading a datasource whole (a million segments is one
 * datasource): datasources with their counts, and segments a page at a time with their
 * overshadowed flag, in the native API's shapes.
 */
@ApiTags('segments')
@Controller('engine/v1/browse/datasources')
export class NativeSegmentsBrowseController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Datasources with live segments, by name, paged' })
  @ApiQuery(PAGE_CURSOR_QUERY)
  @ApiQuery(PAGE_LIMIT_QUERY)
  @ApiOkResponse({ schema: BROWSE_DATASOURCES })
  async datasources(@Req() req: EngineRequest, @Query() query: Record<string, unknown>) {
    const { limit, cursor } = pageParams(query);
    const rows = await this.queryBus.execute(
      new BrowseDatasourcesQuery(principalOf(req).tenant, cursor, limit + 1),
    );
    const page = rows.slice(0, limit);
    return {
      datasources: page.map((d) => ({
        name: d.datasource,
        usedCount: d.usedCount,
        unusedCount: d.unusedCount,
        usedSize: d.size,
        ...(d.minStart !== undefined && d.maxEnd !== undefined
          ? { interval: `${formatIsoInstant(d.minStart)}/${formatIsoInstant(d.maxEnd)}` }
          : {}),
      })),
      ...(rows.length > limit ? { next: page[page.length - 1].datasource } : {}),
    };
  }

  @Get(':datasource/segments')
  @ApiOperation({ summary: "A datasource's segments by ID (time order), paged, with the overshadowed flag" })
  @ApiParam(DATASOURCE_PARAM)
  @ApiQuery({ name: 'state', required: false, enum: [...BROWSE_STATES], description: 'default used' })
  @ApiQuery(PAGE_CURSOR_QUERY)
  @ApiQuery(PAGE_LIMIT_QUERY)
  @ApiOkResponse({ schema: BROWSE_SEGMENTS })
  async segments(
    @Req() req: EngineRequest,
    @Param('datasource') datasource: string,
    @Query() query: Record<string, unknown>,
  ) {
    const state = (query.state ?? 'used') as BrowseState;
    if (!BROWSE_STATES.includes(state))
      throw new RequestValidationError(['state must be used, unused, overshadowed or all']);
    const { limit, cursor } = pageParams(query);
    const page = await this.queryBus.execute(
      new BrowseSegmentsQuery(principalOf(req).tenant, datasource, state, cursor, limit),
    );
    return {
      segments: page.segments.map((s) => ({ ...toNativeSegment(s), overshadowed: s.overshadowed })),
      ...(page.next !== undefined ? { next: page.next } : {}),
    };
  }
}
