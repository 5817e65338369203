import { makeTempDir } from '@engine/testing';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { ensureDebianPackage } from '../../support/debian-package';

export interface ServerAnswer {
  status: number;
  /** X-ClickHouse-Exception-Code / the `Code: N` of the body; 0 on success. */
  code: number;
  text: string;
}

/**
 * A real ClickHouse server for the differential suite: Debian's `clickhouse-server` package
 * (installed with apt-get when missing), started on loopback on free ports with its own config,
 * users and data directory in a temporary directory; no system service is involved.
 */
export class RealClickHouse {
  private constructor(
    private readonly process: ChildProcess,
    readonly url: string,
    /** The server's `<path>`: data/<db>/<table>/detached and shadow/ live here. */
    readonly dataPath: string,
    private readonly cleanup: () => void,
  ) {}

  static async start(): Promise<RealClickHouse> {
    // Debian 12 ships 18.16.1 as /usr/sbin/clickhouse-server (package clickhouse-server).
    const program = ensureDebianPackage('clickhouse-server', '/usr/sbin/clickhouse-server');
    const { dir, cleanup } = makeTempDir('ple-clickhouse-');
    const [httpPort, tcpPort] = [await freePort(), await freePort()];
    const dataPath = path.join(dir, 'data') + '/';
    for (const sub of ['data', 'tmp', 'user_files', 'format_schemas']) fs.mkdirSync(path.join(dir, sub));
    fs.writeFileSync(
      path.join(dir, 'config.xml'),
      `<?xml version="1.0"?>
<yandex>
  <logger><level>error</level><console>1</console></logger>
  <http_port>${httpPort}</http_port>
  <tcp_port>${tcpPort}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>${dataPath}</path>
  <tmp_path>${path.join(dir, 'tmp')}/</tmp_path>
  <user_files_path>${path.join(dir, 'user_files')}/</user_files_path>
  <format_schema_path>${path.join(dir, 'format_schemas')}/</format_schema_path>
  <mark_cache_size>5368709</mark_cache_size>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <users_config>${path.join(dir, 'users.xml')}</users_config>
</yandex>
`,
    );
    fs.writeFileSync(
      path.join(dir, 'users.xml'),
      `<?xml version="1.0"?>
<yandex>
  <profiles><default></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default></default></quotas>
</yandex>
`,
    );
    const child = spawn(program, [`--config-file=${path.join(dir, 'config.xml')}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const server = new RealClickHouse(child, `http://127.0.0.1:${httpPort}/`, dataPath, cleanup);
    // Readiness only: poll until the server answers (each attempt waits for the process, not a clock).
    for (let attempt = 0; ; attempt++) {
      if (child.exitCode !== null) throw new Error(`clickhouse-server exited: ${stderr}`);
      try {
        if ((await server.query('SELECT 1')).text.trim() === '1') return server;
      } catch {
        // not listening yet
      }
      if (attempt > 600) throw new Error(`clickhouse-server did not start: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async query(sql: string, database = 'default'): Promise<ServerAnswer> {
    const url = `${this.url}?database=${encodeURIComponent(database)}`;
    const response = await fetch(url, { method: 'POST', body: sql });
    const text = await response.text();
    const header = response.headers.get('x-clickhouse-exception-code');
    const code = header ? Number(header) : response.ok ? 0 : Number(/Code: (\d+)/.exec(text)?.[1] ?? -1);
    return { status: response.status, code, text };
  }

  async rows<T>(sql: string): Promise<T[]> {
    const answer = await this.query(`${sql} FORMAT JSONEachRow`);
    if (answer.code !== 0) throw new Error(`clickhouse: ${answer.text}`);
    return answer.text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as T);
  }

  /** Directory names in data/<db>/<table>/detached (18.16 has no system.detached_parts). */
  detached(database: string, table: string): string[] {
    const dir = path.join(this.dataPath, 'data', database, table, 'detached');
    return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
  }

  /** Backups of a table as `shadow/<backup>/data/<db>/<table>/<part>`: backup name -> part names. */
  backups(database: string, table: string): Record<string, string[]> {
    const shadow = path.join(this.dataPath, 'shadow');
    const result: Record<string, string[]> = {};
    if (!fs.existsSync(shadow)) return result;
    for (const backup of fs.readdirSync(shadow).sort()) {
      const dir = path.join(shadow, backup, 'data', database, table);
      if (fs.existsSync(dir)) result[backup] = fs.readdirSync(dir).sort();
    }
    return result;
  }

  async stop(): Promise<void> {
    if (this.process.exitCode === null) {
      const exited = new Promise((resolve) => this.process.once('exit', resolve));
      this.process.kill('SIGTERM');
      // A server that does not shut down is killed rather than left behind.
      const stuck = setTimeout(() => this.process.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(stuck);
    }
    this.cleanup();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
