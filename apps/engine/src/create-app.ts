import {
  ApiKeyStore,
  Clock,
  DEFAULT_BODY_LIMITS,
  EngineConfig,
  gateOutcomeOf,
  installAuthentication,
  installBodyParsers,
  MetricsRegistry,
  NativeExceptionFilter,
} from '@engine/kernel';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { AppModule } from './app.module';
import { installConsole } from './http/console-static';
import { NATIVE_ERROR_STATUSES } from './families';
import { accessLog } from './observability/access-log';
import { httpMetrics } from './observability/http-metrics';
import { PinoLogger } from './observability/pino-logger';
import { setupOpenApi } from './openapi/openapi.document';
import { installRequestObservability, requestIdOf } from './observability/request-observability';

/**
 * Graceful shutdown: once closing starts, responses to in-flight requests carry
 * `Connection: close`, so keep-alive clients let go and the server can stop without waiting
 * for their idle timeout.
 */
function closeConnectionsWhenClosing(fastify: FastifyInstance): void {
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
}

export interface CreateAppOptions {
  clock?: Clock;
  logger?: PinoLogger | false;
}

/** Builds the engine (not yet listening); shared by main.ts and the end-to-end tests. */
export async function createApp(
  config: EngineConfig,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    logger: false,
    // The engine's parsers enforce each route's own limit (BodyLimits); this is Fastify's default.
    bodyLimit: DEFAULT_BODY_LIMITS.bytes,
    routerOptions: { maxParamLength: 2048 },
    // The caller's X-Request-Id when it is plain enough to log, otherwise a fresh UUID.
    requestIdHeader: false,
    genReqId: requestIdOf,
  });
  installBodyParsers(adapter.getInstance());
  closeConnectionsWhenClosing(adapter.getInstance());
  const logger = options.logger === undefined ? new PinoLogger(config.logLevel) : options.logger;
  installConsole(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, { clock: options.clock }),
    adapter,
    { logger, bufferLogs: false, bodyParser: false },
  );
  installRequestObservability(
    adapter.getInstance(),
    [httpMetrics(app.get(MetricsRegistry)), ...(logger ? [accessLog(logger.pino)] : [])],
    // The key was checked once, before the body (installAuthentication): reuse that answer.
    (request) => gateOutcomeOf(request) ?? undefined,
  );
  // The key is checked in onRequest, before any body is read (routes register at init, hooks now).
  installAuthentication(adapter.getInstance(), app.get(ApiKeyStore), config);
  app.useGlobalFilters(new NativeExceptionFilter(NATIVE_ERROR_STATUSES));
  app.enableShutdownHooks();

  setupOpenApi(app);
  return app;
}
