import { EngineWide, MetricsRegistry } from '@engine/kernel';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';

@ApiTags('engine')
@Controller()
export class MetricsController {
  constructor(private readonly metrics: MetricsRegistry) {}

  /** Counts every tenant's commands, so only an engine-wide key (any role) may scrape it. */
  @EngineWide()
  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  @ApiOperation({
    summary: 'Prometheus metrics: HTTP, commands, appends, projections, process and event loop',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'Prometheus text exposition format 0.0.4',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  metricsText(): Promise<string> {
    return this.metrics.render();
  }
}
