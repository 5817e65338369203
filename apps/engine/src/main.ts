import 'reflect-metadata';
import { ConfigError, loadConfig } from '@engine/kernel';
import { createApp } from './create-app';

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
  const app = await createApp(config);
  // SIGTERM: stop accepting, let in-flight requests (and their appends) finish, close the store.
  await app.listen({ port: config.port, host: config.host });
  const url = await app.getUrl();
  process.stdout.write(
    `engine listening on ${url} (store: ${config.eventStoreConnectionString ? 'eventstoredb' : 'sqlite'}, data: ${config.dataDir})\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`engine failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
