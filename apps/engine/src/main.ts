import 'reflect-metadata';
import { ConfigError, loadConfig } from '@engine/kernel';
import { createApp } from './create-app';
import { PinoLogger } from './observability/pino-logger';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = new PinoLogger(config.logLevel);
  const app = await createApp(config, { logger });
  // SIGTERM: stop accepting, let in-flight requests (and their appends) finish, close the store.
  await app.listen({ port: config.port, host: config.host });
  const url = await app.getUrl();
  const store = config.eventStoreConnectionString ? 'eventstoredb' : 'sqlite';
  // Test harnesses and scripts wait for "engine listening on <url> " in this line's msg.
  logger.announce(
    { event: 'listening', url, store, dataDir: config.dataDir },
    `engine listening on ${url} (store: ${store}, data: ${config.dataDir})`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`engine failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
