import { EVENT_STORE, EventStore } from '@engine/eventstore';
import { ProjectionRegistry, Public } from '@engine/kernel';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

/** Projections further behind than this are reported as catching up. */
const CAUGHT_UP_LAG = 1000n;

@ApiTags('engine')
@Controller()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionRegistry,
  ) {}

  @Public()
  @Get('health')
  @ApiOperation({ summary: 'Store reachable and projections caught up (503 otherwise)' })
  async health(@Res({ passthrough: true }) reply: { status(code: number): unknown }) {
    let storeOk = true;
    let storeError: string | undefined;
    try {
      await this.store.headPosition();
    } catch (error) {
      storeOk = false;
      storeError = (error as Error).message;
    }
    const projections = storeOk ? await this.projections.status() : [];
    const unhealthy = projections.filter((p) => p.state === 'failed' || BigInt(p.lag) > CAUGHT_UP_LAG);
    const ok = storeOk && unhealthy.length === 0;
    reply.status(ok ? 200 : 503);
    return {
      status: ok ? 'ok' : 'degraded',
      store: { adapter: this.store.name, reachable: storeOk, ...(storeError ? { error: storeError } : {}) },
      projections: projections.map((p) => ({
        name: p.name,
        state: p.state,
        lag: p.lag,
        lastError: p.lastError?.message,
      })),
    };
  }
}
