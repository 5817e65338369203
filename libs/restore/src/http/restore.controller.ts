import { CommandContextFactory, EngineRequest, principalOf, RequireRole } from '@engine/kernel';
import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  PlanRestoreQuery,
  RestoreAggregateCommand,
  RestoreOutcomeView,
  RestorePlanView,
} from '../application';
import { restoreOutcomeSchema, restorePlanSchema } from './restore.openapi';
import { parseRestoreBody, RestorePlanRequestDto, RestoreRequestDto } from './restore-request.dto';

const CATEGORY_DOC = {
  name: 'category',
  description:
    'datasource (Druid), mergetree (ClickHouse), lftable (LakeFormation), tablet (Doris), matplan (CAN)',
};
const ID_DOC = {
  name: 'id',
  description: 'The stream id after the tenant, components joined by `/` and the whole URL-encoded',
};

/**
 * Point-in-time restore of one aggregate, within the caller's tenant, operator role. Errors use
 * the native shape through the app's global NativeExceptionFilter (a conflict is a 409).
 */
@ApiTags('restore')
@ApiBearerAuth()
@Controller('engine/v1/audit')
export class RestoreController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly contexts: CommandContextFactory,
  ) {}

  @Post(':category/:id/restore-plan')
  @HttpCode(200)
  @RequireRole('operator')
  @ApiOperation({
    summary:
      'The commands that bring the aggregate back to its state as of a time or position, each with the differences it undoes, and what cannot be restored and why (nothing is changed)',
  })
  @ApiParam(CATEGORY_DOC)
  @ApiParam(ID_DOC)
  @ApiBody({ type: RestorePlanRequestDto })
  @ApiResponse({
    status: 200,
    description: 'the plan; `revision` is what the restore must be given',
    schema: restorePlanSchema,
  })
  @ApiResponse({
    status: 404,
    description: 'no such aggregate in the caller tenant, or no restore for the category',
  })
  plan(
    @Req() request: EngineRequest,
    @Param('category') category: string,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<RestorePlanView> {
    const { point, subjects } = parseRestoreBody(body, false);
    return this.queryBus.execute(
      new PlanRestoreQuery(category, { tenant: principalOf(request).tenant, id, point, subjects }),
    );
  }

  @Post(':category/:id/restore')
  @HttpCode(200)
  @RequireRole('operator')
  @ApiOperation({
    summary:
      'Applies the restore plan as one decision over the aggregate (one append of ordinary events, correlated by the restore id); idempotent',
  })
  @ApiParam(CATEGORY_DOC)
  @ApiParam(ID_DOC)
  @ApiBody({ type: RestoreRequestDto })
  @ApiResponse({
    status: 200,
    description: 'applied (or already applied: `replayed`)',
    schema: restoreOutcomeSchema,
  })
  @ApiResponse({
    status: 409,
    description: 'the aggregate changed since the plan was computed (RESTORE_CONFLICT)',
  })
  restore(
    @Req() request: EngineRequest,
    @Param('category') category: string,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<RestoreOutcomeView> {
    const { point, subjects, expectedRevision } = parseRestoreBody(body, true);
    const context = this.contexts.create(request, 'native');
    return this.commandBus.execute(
      new RestoreAggregateCommand(
        category,
        { tenant: principalOf(request).tenant, id, point, subjects },
        expectedRevision as bigint,
        context,
      ),
    );
  }
}
