import { EngineRequest, principalOf, ReplyLike } from '@engine/kernel';
import { Controller, Get, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { apiArray, apiObject, apiString } from '@engine/kernel';
import { DatasourceStatsQuery, ListDatasourcesQuery, ListSegmentsQuery } from '../application';
import { formatIsoInstant } from '../domain';
import { DatasourceStats } from '../read-models';
import { DruidExceptionFilter } from './druid-exception.filter';
import { DATASOURCE_PARAM, DRUID_FULL_DATASOURCE, DRUID_SIMPLE_PROPERTIES } from './segments.openapi';
import { toDruidSegment } from './segment-json.presenter';

/**
 * The engine has no historicals: every used segment counts as served once, on Druid's default
 * tier, so `replicatedSize` equals `size`.
 */
const TIER = '_default_tier';

/**
 * Druid's coordinator browse reads (apache/druid server/.../http/DataSourcesResource.java and
 * MetadataResource.java): the datasource list (names, `?simple` or `?full`), one datasource, and
 * the metadata store's view of one datasource. A query flag counts when present, as in Druid.
 */
@ApiTags('druid')
@Controller('druid/coordinator/v1')
@UseFilters(DruidExceptionFilter)
export class DruidBrowseController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('datasources')
  @ApiOperation({
    summary: 'Served datasource names (?simple: with counts and extent; ?full: with segments)',
  })
  @ApiQuery({ name: 'full', required: false, description: 'present: each with its used segments' })
  @ApiQuery({
    name: 'simple',
    required: false,
    description: 'present: each with its tiers and segment counts',
  })
  @ApiOkResponse({
    // anyOf: an empty list fits every form.
    schema: {
      anyOf: [
        apiArray(apiString()),
        apiArray(apiObject({ name: apiString(), properties: DRUID_SIMPLE_PROPERTIES })),
        apiArray(DRUID_FULL_DATASOURCE),
      ],
    },
  })
  async datasources(
    @Req() req: EngineRequest,
    @Query('full') full?: string,
    @Query('simple') simple?: string,
  ) {
    const { tenant } = principalOf(req);
    const names = await this.queryBus.execute(new ListDatasourcesQuery(tenant, false));
    if (full !== undefined) return Promise.all(names.map((name) => this.fullDatasource(tenant, name)));
    if (simple === undefined) return names;
    return Promise.all(
      names.map(async (name) => ({
        name,
        properties: simpleProperties(await this.queryBus.execute(new DatasourceStatsQuery(tenant, name))),
      })),
    );
  }

  /** Druid answers 204 No Content for a datasource it does not serve. */
  @Get('datasources/:datasource')
  @ApiOperation({ summary: 'One served datasource: tiers and segment counts (with ?full: its segments)' })
  @ApiParam(DATASOURCE_PARAM)
  @ApiQuery({ name: 'full', required: false, description: 'present: the datasource with its used segments' })
  @ApiOkResponse({ schema: { oneOf: [DRUID_SIMPLE_PROPERTIES, DRUID_FULL_DATASOURCE] } })
  @ApiNoContentResponse({ description: 'The datasource has no used segment' })
  async datasource(
    @Req() req: EngineRequest,
    @Res({ passthrough: true }) reply: ReplyLike,
    @Param('datasource') datasource: string,
    @Query('full') full?: string,
  ) {
    const { tenant } = principalOf(req);
    const stats = await this.queryBus.execute(new DatasourceStatsQuery(tenant, datasource));
    if (!stats || stats.usedCount === 0) {
      reply.status(204);
      return undefined;
    }
    return full === undefined ? simpleProperties(stats) : this.fullDatasource(tenant, datasource);
  }

  /** ImmutableDruidDataSource of the used segments; 404 with an empty body when there is none. */
  @Get('metadata/datasources/:datasource')
  @ApiOperation({ summary: "The metadata store's datasource with its used segments" })
  @ApiParam(DATASOURCE_PARAM)
  @ApiOkResponse({ schema: DRUID_FULL_DATASOURCE })
  @ApiNotFoundResponse({ description: 'No used segment in the datasource (empty body)' })
  async metadataDatasource(
    @Req() req: EngineRequest,
    @Res({ passthrough: true }) reply: ReplyLike,
    @Param('datasource') datasource: string,
  ) {
    const full = await this.fullDatasource(principalOf(req).tenant, datasource);
    if (full.segments.length === 0) {
      reply.status(404);
      return undefined;
    }
    return full;
  }

  private async fullDatasource(tenant: string, name: string) {
    const rows = await this.queryBus.execute(new ListSegmentsQuery(tenant, name, ['used']));
    return { name, properties: {}, segments: rows.map(toDruidSegment) };
  }
}

function simpleProperties(stats: DatasourceStats | undefined) {
  const count = stats?.usedCount ?? 0;
  const size = stats?.size ?? 0;
  return {
    tiers: count === 0 ? {} : { [TIER]: { segmentCount: count, size, replicatedSize: size } },
    segments: {
      count,
      size,
      replicatedSize: size,
      ...(stats?.minStart !== undefined ? { minTime: formatIsoInstant(stats.minStart) } : {}),
      ...(stats?.maxEnd !== undefined ? { maxTime: formatIsoInstant(stats.maxEnd) } : {}),
    },
  };
}
