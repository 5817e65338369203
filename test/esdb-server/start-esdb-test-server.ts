/**
 * TEST DOUBLE ONLY. Runs the in-memory EventStoreDB test double as a process, so a whole engine
 * (or the end-to-end suite) can be pointed at it:
 *   node -r @swc-node/register test/esdb-server/start-esdb-test-server.ts [port]
 * prints the connection string and serves until killed.
 */
import { EsdbTestServer } from './esdb-test-server';

void (async () => {
  const server = await EsdbTestServer.start({ port: Number(process.argv[2] ?? 0) });
  process.stdout.write(`${server.connectionString}\n`);
  const stop = () => void server.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
})();
