import { EsdbTestServer } from '../../../test/esdb-server/esdb-test-server';
import { EventStoreDbEventStore } from '../src/esdb/eventstoredb-event-store';
import { describeEventStoreContract } from './event-store.contract';

/** A live EventStoreDB when EVENTSTORE_CONNECTION_STRING is set, else the in-memory test double. */
const live = process.env.EVENTSTORE_CONNECTION_STRING;

describeEventStoreContract(
  live ? 'eventstoredb (live server)' : 'eventstoredb (gRPC test double)',
  async () => {
    const server = live ? undefined : await EsdbTestServer.start();
    const store = new EventStoreDbEventStore(live ?? (server as EsdbTestServer).connectionString);
    return {
      store,
      async cleanup() {
        await store.close();
        await server?.stop();
      },
    };
  },
);
