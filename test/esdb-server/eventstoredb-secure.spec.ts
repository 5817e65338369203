import { EventStoreDBClient } from '@eventstore/db-client';
import { EventStoreAccessDeniedError } from '../../libs/eventstore/src/esdb/esdb-errors';
import { EventStoreDbEventStore } from '../../libs/eventstore/src/esdb/eventstoredb-event-store';
import { EventStoreUnavailableError } from '../../libs/eventstore/src/event-store.port';
import { TestUser } from './esdb-call-guard';
import {
  appendWithRetry,
  liveConnectionString,
  testEvents as events,
  testStream as stream,
} from './esdb-store-fixture';
import { makeTestCertificate } from './esdb-test-certificate';
import { EsdbTestServer, withTestDeadline } from './esdb-test-server';

// Secure servers and clusters, against the gRPC test server: TLS with a certificate made here,
// credentials and rights, a node that never answers, a follower pointing at its leader.
const describeWithDouble = liveConnectionString ? describe.skip : describe;

const users: TestUser[] = [
  { name: 'admin', password: 'changeit', groups: ['$admins'] },
  { name: 'ops', password: 'opspass', groups: ['$ops'] },
  { name: 'plain', password: 'plainpass', groups: [] },
];

describeWithDouble('EventStoreDB over TLS with access control (gRPC test double)', () => {
  let server: EsdbTestServer;
  const stores: EventStoreDbEventStore[] = [];
  const open = (user?: TestUser) => {
    const store = new EventStoreDbEventStore(server.connectionStringFor(user));
    stores.push(store);
    return store;
  };
  beforeAll(async () => (server = await EsdbTestServer.start({ tls: makeTestCertificate(), users })));
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await server.stop();
  });

  it.each(['admin', 'ops'])('%s: appends, reads the head and subscribes to $all over TLS', async (name) => {
    const store = open(users.find((u) => u.name === name));
    const s = stream('secure');
    const written = await store.append(s, events('Secured', 2), 'no_stream');
    expect(await store.headPosition()).toBe(written.position);
    const subscription = store.subscribeAll({ filter: { categories: ['secure'] } });
    for await (const item of subscription) {
      if (item.kind === 'event' && item.event.position === written.position) break;
    }
    await subscription.close();
  });

  it.each([undefined, users[2]])(
    'without $admins or $ops (%s), the head lookup and subscriptions name the missing right',
    async (user) => {
      const store = open(user);
      const denied = store.headPosition();
      await expect(denied).rejects.toBeInstanceOf(EventStoreAccessDeniedError);
      await expect(denied).rejects.toThrow(/read \$all \(a member of \$admins or \$ops\)/);
      const subscription = store.subscribeAll({ filter: { categories: ['secure'] } });
      await expect(subscription[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(
        EventStoreAccessDeniedError,
      );
    },
  );

  it('a wrong password is refused as access denied too', async () => {
    const store = open({ name: 'admin', password: 'wrong', groups: [] });
    await expect(store.headPosition()).rejects.toBeInstanceOf(EventStoreAccessDeniedError);
  });
});

describeWithDouble('EventStoreDB deadlines and leaders (gRPC test double)', () => {
  it('a request the server never answers fails as unavailable at the configured deadline (appends and reads)', async () => {
    const server = await EsdbTestServer.start({ batchAppend: false });
    // Long enough that only a dropped request reaches it, on however busy a machine.
    const store = new EventStoreDbEventStore(withTestDeadline(server.connectionString, 1500));
    try {
      const s = stream('deadline');
      await store.append(s, events('First', 1), 'no_stream');
      server.dropRequests(1);
      await expect(store.append(s, events('Dropped', 1), 0n)).rejects.toBeInstanceOf(
        EventStoreUnavailableError,
      );
      server.dropRequests(1);
      await expect(store.headPosition()).rejects.toBeInstanceOf(EventStoreUnavailableError);
      // The next attempt goes through.
      expect((await store.append(s, events('Again', 1), 0n)).nextRevision).toBe(1n);
    } finally {
      await store.close();
      await server.stop();
    }
  });

  it('a follower answers NotLeader with the leader; the write lands on the leader', async () => {
    const leader = await EsdbTestServer.start();
    const follower = await EsdbTestServer.start();
    follower.followLeader({ host: '127.0.0.1', port: leader.port });
    const store = new EventStoreDbEventStore(follower.connectionString);
    try {
      const s = stream('leader');
      // The client reconnects to the hinted leader; the adapter retries like the pipeline does.
      const written = await appendWithRetry(store, s, events('First', 1), 'no_stream');
      expect(leader.log.readStream(s)?.map((e) => e.position)).toEqual([written.position]);
      expect(follower.log.readStream(s)).toBeUndefined();
      expect(follower.refusedNotLeader).toBeGreaterThan(0);
      expect(await store.headPosition()).toBe(written.position);
    } finally {
      await store.close();
      await Promise.all([leader.stop(), follower.stop()]);
    }
  });

  it('accepts cluster connection strings (gossip seeds and esdb+discover); no cluster runs here', async () => {
    for (const cs of [
      'esdb+discover://admin:changeit@cluster.example.invalid:2113?tls=true&nodePreference=leader',
      'esdb://admin:changeit@node1.example.invalid:2113,node2.example.invalid:2113,node3.example.invalid:2113?tls=true',
    ]) {
      expect(() => EventStoreDBClient.connectionString(cs)).not.toThrow();
      await new EventStoreDbEventStore(cs).close();
    }
  });
});
