import { AnyScope, apiEnum, apiObject, apiString, EngineRequest, principalOf } from '@engine/kernel';
import { Controller, Get, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

/** The caller's tenant and role; also the "bare authenticated route" the benchmarks compare against. */
@ApiTags('engine')
@Controller('engine/v1')
export class WhoamiController {
  @Get('whoami')
  @AnyScope()
  @ApiOperation({ summary: 'Tenant, role and actor of the API key' })
  @ApiOkResponse({
    schema: apiObject({
      tenant: apiString(),
      role: apiEnum(['reader', 'operator', 'admin']),
      actor: apiString('`key:` and the first 12 hex digits of the key hash'),
    }),
  })
  whoami(@Req() request: EngineRequest) {
    return principalOf(request);
  }
}
