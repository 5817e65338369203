import { Clock, EngineConfig, installBodyParsers } from '@engine/kernel';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { AppModule } from './app.module';
import { installConsole } from './http/console-static';
import { NativeExceptionFilter } from './http/native-exception.filter';
import { PinoLogger } from './observability/pino-logger';

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
    bodyLimit: 64 * 1024 * 1024,
    routerOptions: { maxParamLength: 2048 },
  });
  installBodyParsers(adapter.getInstance());
  closeConnectionsWhenClosing(adapter.getInstance());
  installConsole(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, { clock: options.clock }),
    adapter,
    {
      logger: options.logger === undefined ? new PinoLogger(config.logLevel) : options.logger,
      bufferLogs: false,
      bodyParser: false,
    },
  );
  app.useGlobalFilters(new NativeExceptionFilter());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Partition lifecycle engine')
      .setDescription(
        'Event-sourced metadata lifecycle for Druid segments, ClickHouse parts, LakeFormation partitions, Doris tablets and CAN materialization plans.',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
