import 'reflect-metadata';
import { EventStoreAccessDeniedError } from '@engine/eventstore';
import { loadConfig } from '@engine/kernel';
import { makeTempDir } from '@engine/testing';
import { createApp } from '../../apps/engine/src/create-app';
import { API_KEYS } from '../support/engine-harness';
import { TestUser } from './esdb-call-guard';
import { liveConnectionString } from './esdb-store-fixture';
import { makeTestCertificate } from './esdb-test-certificate';
import { EsdbTestServer } from './esdb-test-server';

// Issue 15: a user without the rights to read $all stops the engine at start with the reason,
// instead of projections resubscribing forever and reads answering 500.
const describeWithDouble = liveConnectionString ? describe.skip : describe;

const users: TestUser[] = [
  { name: 'admin', password: 'changeit', groups: ['$admins'] },
  { name: 'plain', password: 'plainpass', groups: [] },
];

describeWithDouble('engine start-up on a secure EventStoreDB (gRPC test double)', () => {
  let server: EsdbTestServer;
  beforeAll(async () => (server = await EsdbTestServer.start({ tls: makeTestCertificate(), users })));
  afterAll(() => server.stop());

  const start = (user: TestUser) =>
    createApp(
      loadConfig({
        DATA_DIR: makeTempDir('ple-denied-').dir,
        API_KEYS,
        EVENTSTORE_CONNECTION_STRING: server.connectionStringFor(user),
      }),
      { logger: false },
    );

  it('refuses to start for a user that may not read $all, naming the right it lacks', async () => {
    const app = await start(users[1]);
    try {
      // init() runs the start-up hooks, as listen() in main.ts does.
      const started = app.init();
      await expect(started).rejects.toBeInstanceOf(EventStoreAccessDeniedError);
      await expect(started).rejects.toThrow(/\$admins or \$ops/);
    } finally {
      await app.close().catch(() => undefined);
    }
  });

  it('starts for an admin over TLS and answers a write', async () => {
    const app = await start(users[0]);
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.getHttpServer().address() as { port: number };
      const res = await fetch(`http://127.0.0.1:${address.port}/engine/v1/whoami`, {
        headers: { authorization: `Bearer ${API_KEYS.split(':')[0]}` },
      });
      expect(res.status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
