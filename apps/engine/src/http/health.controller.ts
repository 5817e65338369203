import { EVENT_STORE, EventStore } from '@engine/eventstore';
import { ProjectionRegistry, Public } from '@engine/kernel';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { StartupCatchUp } from '../observability/startup-catch-up';
import { HealthDto, LivenessDto, ReadinessDto } from './health.dto';

/** Projections further behind than this are reported as catching up by `/health`. */
const CAUGHT_UP_LAG = 1000n;
/** A store that does not answer `headPosition` within this is reported unreachable. */
const STORE_TIMEOUT_MS = 2000;

type Reply = { status(code: number): unknown };

/** Liveness, readiness (for orchestrators) and the older combined `/health`. */
@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionRegistry,
    private readonly startup: StartupCatchUp,
  ) {}

  @Public()
  @Get('health/live')
  @ApiOperation({
    summary: 'Liveness: the process answers HTTP (never depends on the store or the read models)',
  })
  @ApiOkResponse({ type: LivenessDto })
  live(): LivenessDto {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }

  @Public()
  @Get('health/ready')
  @ApiOperation({
    summary:
      'Readiness: store reachable within 2 s, and every projection caught up to the store head as of start (503 otherwise)',
  })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiServiceUnavailableResponse({ type: ReadinessDto })
  async ready(@Res({ passthrough: true }) reply: Reply): Promise<ReadinessDto> {
    const store = await this.probeStore();
    const failed = store.reachable
      ? (await this.projections.status()).filter((p) => p.state === 'failed').map((p) => p.name)
      : [];
    const caughtUp = this.startup.done;
    const ok = store.reachable && caughtUp && failed.length === 0;
    reply.status(ok ? 200 : 503);
    return {
      status: ok ? 'ready' : 'not-ready',
      store,
      projections: {
        caughtUpToStartHead: caughtUp,
        ...(this.startup.head !== undefined ? { startHead: this.startup.head.toString() } : {}),
        failed,
      },
    };
  }

  @Public()
  @Get('health')
  @ApiOperation({
    summary:
      'Compatibility: store reachable and every projection within 1,000 events of the head (503 otherwise); prefer /health/live and /health/ready',
  })
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto })
  async health(@Res({ passthrough: true }) reply: Reply): Promise<HealthDto> {
    const store = await this.probeStore();
    const projections = store.reachable ? await this.projections.status() : [];
    const unhealthy = projections.filter((p) => p.state === 'failed' || BigInt(p.lag) > CAUGHT_UP_LAG);
    const ok = store.reachable && unhealthy.length === 0;
    reply.status(ok ? 200 : 503);
    return {
      status: ok ? 'ok' : 'degraded',
      store,
      projections: projections.map((p) => ({
        name: p.name,
        state: p.state,
        lag: p.lag,
        lastError: p.lastError?.message,
      })),
    };
  }

  private async probeStore(): Promise<{ adapter: string; reachable: boolean; error?: string }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${STORE_TIMEOUT_MS} ms`)),
        STORE_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([this.store.headPosition(), timeout]);
      return { adapter: this.store.name, reachable: true };
    } catch (error) {
      return { adapter: this.store.name, reachable: false, error: (error as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }
}
