import { type EngineRequest, principalOf, RequestValidationError } from '@engine/kernel';
import { Controller, Get, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { BrowseTabletsQuery } from '../application/browse-tablets.query-handler';
import { DORIS_TABLETS, TABLET_PAGE } from './compaction.openapi';

/** Largest tablet id Doris uses (int64), as a cursor bound. */
const ALL = Number.MAX_SAFE_INTEGER;

/**
 * Listing tablets. `GET /tablets_json?limit=N|all` is Doris BE's own (apache/doris docs
 * "GET TABLETS ON A PARTICULAR BE"): without a numeric limit or `all` it lists none, as Doris does.
 * `GET /engine/v1/browse/tablets` pages them natively by id with the compaction state.
 */
@ApiTags('doris compaction')
@Controller()
export class TabletsBrowseController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('tablets_json')
  @ApiOperation({ summary: "Doris BE's tablet list: tablet_id and schema_hash" })
  @ApiQuery({
    name: 'limit',
    required: false,
    description: 'a count or `all`; otherwise no tablet is listed',
  })
  @ApiOkResponse({ schema: DORIS_TABLETS })
  async dorisTablets(@Req() request: EngineRequest, @Query('limit') limit?: string) {
    const count = limit === 'all' ? ALL : limit !== undefined && /^\d{1,9}$/.test(limit) ? Number(limit) : 0;
    const tablets =
      count === 0
        ? []
        : await this.queryBus.execute(
            new BrowseTabletsQuery(principalOf(request).tenant, -1, Math.min(count, ALL)),
          );
    return {
      msg: 'OK',
      code: 0,
      data: {
        host: request.headers.host ?? '',
        tablets: tablets.map((t) => ({ tablet_id: t.tabletId, schema_hash: t.schemaHash })),
      },
      count: tablets.length,
    };
  }

  @Get('engine/v1/browse/tablets')
  @ApiOperation({ summary: 'Tablets by id, paged, with rowset count and running compaction' })
  @ApiQuery({ name: 'cursor', required: false, description: 'the `next` of the previous page' })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 1000, default 100' })
  @ApiOkResponse({ schema: TABLET_PAGE })
  async tablets(@Req() request: EngineRequest, @Query() query: Record<string, unknown>) {
    const { limit = '100', cursor = '-1' } = query as Record<string, string>;
    if (typeof limit !== 'string' || !/^\d{1,4}$/.test(limit) || +limit < 1 || +limit > 1000)
      throw new RequestValidationError(['limit must be an integer from 1 to 1000']);
    if (typeof cursor !== 'string' || !/^-?\d{1,19}$/.test(cursor))
      throw new RequestValidationError(['cursor must be the next of a previous page']);
    const rows = await this.queryBus.execute(
      new BrowseTabletsQuery(principalOf(request).tenant, Number(cursor), Number(limit) + 1),
    );
    const page = rows.slice(0, Number(limit));
    return {
      tablets: page,
      ...(rows.length > page.length ? { next: String(page[page.length - 1].tabletId) } : {}),
    };
  }
}
