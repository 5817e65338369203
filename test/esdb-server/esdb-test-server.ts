/**
 * TEST DOUBLE ONLY — never used at run time. A fake EventStoreDB node speaking the part of the
 * gRPC API that @eventstore/db-client v6 calls (server features, Streams.Read / Append /
 * BatchAppend, filtered $all subscriptions with checkpoints), storing events in memory. It lets
 * the contract suite run through the real client over loopback where no EventStoreDB server can
 * be installed. stop() drops every connection like a crashed node; restart() comes back on the
 * same port with the same events.
 */
import * as grpc from '@grpc/grpc-js';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import * as features from '@eventstore/db-client/generated/serverfeatures_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { AppendFaults, appendHandler, batchAppendHandler } from './esdb-append-handlers';
import { readHandler, ServerStats } from './esdb-read-handler';
import { InMemoryEventLog } from './in-memory-event-log';
import { ServerVersion, serverVersion } from './esdb-server-version';
import { GuardState, guardAppend, guardBatchAppend, guardRead, TestUser } from './esdb-call-guard';

export interface EsdbTestServerOptions {
  /** Advertise BatchAppend (as EventStoreDB 21.10+ does); false makes the client use Append. */
  batchAppend?: boolean;
  port?: number;
  /**
   * The server version whose behaviour to copy (subscription checkpoints, caughtUp, live
   * buffer): e.g. '22.10.5', '23.10.4', '24.10.4', '24.10.5'. Default: ESDB_TEST_SERVER_VERSION,
   * else 24.10.5.
   */
  version?: string;
  /** Serve TLS with this key and certificate (PEM); the CA file is what clients trust. */
  tls?: { key: Buffer; cert: Buffer; caFile: string };
  /** Check credentials and rights (the client sends credentials only over TLS). */
  users?: TestUser[];
}

/** The deadline test connection strings carry (ms): far above any call on a busy machine. */
export const TEST_DEADLINE_MS = 60_000;

/** A connection string with another deadline, for the tests of deadlines themselves. */
export const withTestDeadline = (connectionString: string, ms: number): string =>
  connectionString.replace(/defaultDeadline=\d+/, `defaultDeadline=${ms}`);

export class EsdbTestServer {
  readonly log = new InMemoryEventLog();
  private readonly faults: AppendFaults = { lostResponses: 0 };
  private readonly guard: GuardState;
  private server?: grpc.Server;
  private signalStopped?: () => void;
  private boundPort = 0;
  readonly version: ServerVersion;
  /** How many times a $all subscription reached live mode (caught up), on this server. */
  wentLive = 0;
  readonly stats: ServerStats = { backwardsAllReads: 0, fellBehind: 0 };

  private constructor(private readonly options: EsdbTestServerOptions) {
    this.version = serverVersion(options.version);
    this.guard = { users: options.users, dropped: 0, notLeader: 0 };
  }

  static async start(options: EsdbTestServerOptions = {}): Promise<EsdbTestServer> {
    const server = new EsdbTestServer(options);
    await server.listen(options.port ?? 0);
    return server;
  }

  get port(): number {
    return this.boundPort;
  }

  get connectionString(): string {
    return this.connectionStringFor();
  }

  /**
   * With TLS: `user:password@localhost` (the certificate's name) and the CA file to trust. The
   * deadline is generous so that no outcome depends on how busy the machine is; the deadline
   * tests set their own (`withTestDeadline`).
   */
  connectionStringFor(user?: { name: string; password: string }): string {
    const deadline = `defaultDeadline=${TEST_DEADLINE_MS}`;
    if (!this.options.tls) return `esdb://127.0.0.1:${this.boundPort}?tls=false&${deadline}`;
    const credentials = user ? `${encodeURIComponent(user.name)}:${encodeURIComponent(user.password)}@` : '';
    return `esdb://${credentials}localhost:${this.boundPort}?tls=true&tlsCAFile=${encodeURIComponent(this.options.tls.caFile)}&${deadline}`;
  }

  /** From now on a follower: every call answers NotLeader pointing at `leader`. */
  followLeader(leader: { host: string; port: number } | undefined): void {
    this.guard.leader = leader;
  }

  /** Calls this node answered NotLeader. */
  get refusedNotLeader(): number {
    return this.guard.notLeader;
  }

  /** The next `count` calls are never answered (the client's deadline has to end them). */
  dropRequests(count: number): void {
    this.guard.dropped = count;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  /** Drops every call and connection at once, like a node that died. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.signalStopped?.();
    server.forceShutdown();
  }

  /** The next `count` successful appends are stored, but the client gets UNAVAILABLE instead of the answer. */
  loseAppendResponses(count: number): void {
    this.faults.lostResponses = count;
  }

  /** Comes back on the same port with the same events. */
  async restart(): Promise<void> {
    await this.stop();
    await this.listen(this.boundPort);
  }

  private async listen(port: number): Promise<void> {
    const server = new grpc.Server();
    const stopped = new Promise<void>((resolve) => (this.signalStopped = resolve));
    server.addService(StreamsService, {
      read: guardRead(
        this.guard,
        readHandler({
          log: this.log,
          stopped,
          version: this.version,
          wentLive: () => this.wentLive++,
          stats: this.stats,
        }),
      ),
      append: guardAppend(this.guard, appendHandler(this.log, this.faults)),
      batchAppend: guardBatchAppend(this.guard, batchAppendHandler(this.log, this.faults)),
      delete: unimplemented,
      tombstone: unimplemented,
    });
    server.addService(ServerFeaturesService, {
      getSupportedMethods: (_call: unknown, callback: grpc.sendUnaryData<features.SupportedMethods>) =>
        callback(null, this.supportedMethods()),
    });
    const credentials = this.options.tls
      ? grpc.ServerCredentials.createSsl(null, [
          { private_key: this.options.tls.key, cert_chain: this.options.tls.cert },
        ])
      : grpc.ServerCredentials.createInsecure();
    this.boundPort = await bind(server, `127.0.0.1:${port}`, credentials);
    this.server = server;
  }

  private supportedMethods(): features.SupportedMethods {
    const streams = 'event_store.client.streams.streams';
    const methods = ['read', 'append', ...(this.options.batchAppend === false ? [] : ['batchappend'])];
    return new features.SupportedMethods()
      .setEventStoreServerVersion(this.version.text)
      .setMethodsList(
        methods.map((name) => new features.SupportedMethod().setServiceName(streams).setMethodName(name)),
      );
  }
}

function unimplemented(_call: unknown, callback: grpc.sendUnaryData<never>): void {
  callback({ code: grpc.status.UNIMPLEMENTED, details: 'not implemented by the EventStoreDB test double' });
}

/** Binds, retrying briefly: right after a forced shutdown the port can take a moment to free. */
async function bind(
  server: grpc.Server,
  address: string,
  credentials: grpc.ServerCredentials,
): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await new Promise<number>((resolve, reject) =>
        server.bindAsync(address, credentials, (error, port) => (error ? reject(error) : resolve(port))),
      );
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
