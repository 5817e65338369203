import { EngineRequest, principalOf, ReplyLike } from '@engine/kernel';
import { Controller, Get, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { apiArray, apiObject, apiString } from '@engine/kernel';
import { DATASOURCE_PARAM, DRUID_SEGMENT, SEGMENT_ID_PARAM } from './segments.openapi';
import { GetSegmentQuery, ListDatasourcesQuery, ListSegmentsQuery } from '../application';
import { DruidExceptionFilter } from './druid-exception.filter';
import { toDruidSegment } from './segment-json.presenter';

/**
 * Druid coordinator's metadata reads, from the segment-used projection. As in Druid, a query
 * flag counts when present (`?full`), an unknown datasource is a 404 with an empty body.
 */
@ApiTags('druid')
@Controller('druid/coordinator/v1/metadata/datasources')
@UseFilters(DruidExceptionFilter)
export class DruidMetadataController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Datasource names (with ?full: each with its used segments)' })
  @ApiQuery({ name: 'full', required: false, description: 'present: datasources with their segments' })
  @ApiQuery({
    name: 'includeUnused',
    required: false,
    description: 'present: also datasources with only unused segments',
  })
  @ApiOkResponse({
    // anyOf: an empty list fits every form.
    schema: {
      anyOf: [
        apiArray(apiString()),
        apiArray(
          apiObject({ name: apiString(), properties: { type: 'object' }, segments: apiArray(DRUID_SEGMENT) }),
        ),
      ],
    },
  })
  async datasources(
    @Req() req: EngineRequest,
    @Query('full') full?: string,
    @Query('includeUnused') includeUnused?: string,
  ) {
    const { tenant } = principalOf(req);
    const names = await this.queryBus.execute(new ListDatasourcesQuery(tenant, includeUnused !== undefined));
    // Druid: includeUnused wins over full.
    if (full === undefined || includeUnused !== undefined) return names;
    return Promise.all(
      names.map(async (name) => ({
        name,
        properties: {},
        segments: (await this.queryBus.execute(new ListSegmentsQuery(tenant, name, ['used']))).map(
          toDruidSegment,
        ),
      })),
    );
  }

  @Get(':datasource/segments')
  @ApiOperation({ summary: 'Used segment IDs of a datasource (with ?full: the segments)' })
  @ApiParam(DATASOURCE_PARAM)
  @ApiQuery({ name: 'full', required: false, description: 'present: whole segments' })
  @ApiOkResponse({ schema: { anyOf: [apiArray(apiString()), apiArray(DRUID_SEGMENT)] } })
  @ApiNotFoundResponse({ description: 'No used segment in the datasource (empty body)' })
  async segments(
    @Req() req: EngineRequest,
    @Res({ passthrough: true }) reply: ReplyLike,
    @Param('datasource') datasource: string,
    @Query('full') full?: string,
  ) {
    const rows = await this.queryBus.execute(
      new ListSegmentsQuery(principalOf(req).tenant, datasource, ['used']),
    );
    if (rows.length === 0) {
      reply.status(404);
      return undefined;
    }
    return full === undefined ? rows.map((row) => row.id) : rows.map(toDruidSegment);
  }

  /**
   * One segment, used only unless `includeUnused=true`. (Choice: Druid answers 404 when the
   * datasource has no used segment at all even with includeUnused; we still find the unused one.)
   */
  @Get(':datasource/segments/:segmentId')
  @ApiOperation({ summary: 'One used segment (or unused with includeUnused=true)' })
  @ApiParam(DATASOURCE_PARAM)
  @ApiParam(SEGMENT_ID_PARAM)
  @ApiQuery({ name: 'includeUnused', required: false, enum: ['true', 'false'] })
  @ApiOkResponse({ schema: DRUID_SEGMENT })
  @ApiNotFoundResponse({ description: 'Unknown segment (empty body)' })
  async segment(
    @Req() req: EngineRequest,
    @Res({ passthrough: true }) reply: ReplyLike,
    @Param('datasource') datasource: string,
    @Param('segmentId') segmentId: string,
    @Query('includeUnused') includeUnused?: string,
  ) {
    const states = includeUnused === 'true' ? (['used', 'unused'] as const) : (['used'] as const);
    const row = await this.queryBus.execute(
      new GetSegmentQuery(principalOf(req).tenant, datasource, segmentId, states),
    );
    if (!row) {
      reply.status(404);
      return undefined;
    }
    return toDruidSegment(row);
  }
}
