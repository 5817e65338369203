import { EngineWide, MetricsRegistry } from '@engine/kernel';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

@ApiTags('engine')
@Controller()
export class MetricsController {
  constructor(private readonly metrics: MetricsRegistry) {}

  /** Counts every tenant's commands, so only an engine-wide key (any role) may scrape it. */
  @EngineWide()
  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  @ApiOperation({ summary: 'Prometheus metrics: commands, appends, projection lag' })
  metricsText(): Promise<string> {
    return this.metrics.render();
  }
}
