import { type EngineRequest, principalOf, ProjectionRegistry, RequestValidationError } from '@engine/kernel';
import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { MATERIALIZED_PARTITIONS } from '../read-models/materialized-partitions.projection';
import { PlanBrowseQueries } from '../read-models/plan-browse.queries';
import { PLAN_BROWSE_PAGE } from './materialization.openapi';

/**
 * Browsing CAN plans a page at a time (CAN's documented API has no plan listing, so this is the
 * native shape): each plan with its counts of hit (materialized), cleared and failed partitions.
 */
@ApiTags('materialization')
@Controller('engine/v1/browse/plans')
export class PlansBrowseController {
  constructor(private readonly projections: ProjectionRegistry) {}

  @Get()
  @ApiOperation({ summary: 'Plans in creation order, paged (`cursor`, `limit`), with partition counts' })
  @ApiQuery({ name: 'cursor', required: false, description: 'the `next` of the previous page' })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 1000, default 100' })
  @ApiOkResponse({ schema: PLAN_BROWSE_PAGE })
  async list(@Req() request: EngineRequest, @Query() query: Record<string, unknown>) {
    const { limit = '100', cursor = '0' } = query as Record<string, string>;
    if (typeof limit !== 'string' || !/^\d{1,4}$/.test(limit) || +limit < 1 || +limit > 1000)
      throw new RequestValidationError(['limit must be an integer from 1 to 1000']);
    if (typeof cursor !== 'string' || !/^\d{1,15}$/.test(cursor))
      throw new RequestValidationError(['cursor must be the next of a previous page']);
    await this.projections.caughtUp([MATERIALIZED_PARTITIONS]);
    const rows = new PlanBrowseQueries(this.projections.database(MATERIALIZED_PARTITIONS)).page(
      principalOf(request).tenant,
      Number(cursor),
      Number(limit) + 1,
    );
    const page = rows.slice(0, Number(limit));
    return {
      plans: page.map(({ ref: _ref, planId, materialized, cleared, failed, ...plan }) => ({
        uuid: planId,
        ...plan,
        partitions: { hit: materialized, cleared, failed },
      })),
      ...(rows.length > page.length ? { next: String(page[page.length - 1].ref) } : {}),
    };
  }
}
