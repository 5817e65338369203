import { EngineRequest, principalOf, RequestValidationError } from '@engine/kernel';
import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { AuditAggregatesReader } from '../browse/audit-aggregates.reader';
import { AuditRegistry } from '../registry/audit.registry';
import { streamOf } from '../time-travel/aggregate-ref';
import { parseLimit } from '../time-travel/point-in-time';
import { AGGREGATE_PAGE, CATEGORY_PARAM } from './audit.openapi';

/** Browsing: the aggregates of one audit category in the caller's tenant, paged. */
@ApiTags('audit')
@Controller('engine/v1/audit')
export class AuditBrowseController {
  constructor(
    private readonly registry: AuditRegistry,
    private readonly aggregates: AuditAggregatesReader,
  ) {}

  @Get(':category/aggregates')
  @ApiOperation({
    summary: "A category's aggregates: id, event count and last change (who, when, what, through which API)",
  })
  @ApiParam(CATEGORY_PARAM)
  @ApiQuery({
    name: 'sort',
    required: false,
    enum: ['id', 'recent'],
    description: '`id` (default) or `recent` (last change first)',
  })
  @ApiQuery({ name: 'prefix', required: false, description: 'only ids starting with this' })
  @ApiQuery({ name: 'cursor', required: false, description: 'the `next` of the previous page' })
  @ApiQuery({ name: 'limit', required: false, description: '1..1000, default 100' })
  @ApiOkResponse({ schema: AGGREGATE_PAGE })
  @ApiNotFoundResponse({ description: 'Unknown category' })
  list(
    @Req() request: EngineRequest,
    @Param('category') category: string,
    @Query() query: Record<string, unknown>,
  ) {
    this.registry.get(category);
    const tenant = principalOf(request).tenant;
    const sort = query.sort ?? 'id';
    if (sort !== 'id' && sort !== 'recent') throw new RequestValidationError(['sort must be id or recent']);
    const text = (name: string) => {
      const value = query[name];
      if (value !== undefined && typeof value !== 'string')
        throw new RequestValidationError([`${name} must be given once`]);
      return value === '' ? undefined : value;
    };
    return this.aggregates.list(tenant, category, (id) => streamOf({ category, tenant, id }), {
      sort,
      prefix: text('prefix'),
      cursor: text('cursor'),
      limit: parseLimit(query.limit),
    });
  }
}
