/**
 * EventStoreDB live-mode benchmark (not a test): a filtered subscription is live while another
 * writer appends a burst of events it does not want, against the gRPC test server copying each
 * server version. Prints the lag (events behind the head) it reaches and the reads it made.
 *
 *   node -r @swc-node/register bench/eventstore/esdb-live-burst.bench.ts   (EVENTS=100000)
 */
import { versionsUnderTest } from '../../test/esdb-server/esdb-server-version';
import { runLiveBurst } from '../../test/esdb-server/esdb-live-burst';

const EVENTS = Number(process.env.EVENTS ?? 100_000);

void (async () => {
  for (const version of versionsUnderTest()) {
    const result = await runLiveBurst(version, EVENTS);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
})();
