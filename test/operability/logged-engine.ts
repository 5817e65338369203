import 'reflect-metadata';
import { loadConfig } from '@engine/kernel';
import { makeTempDir } from '@engine/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../apps/engine/src/create-app';
import { PinoLogger } from '../../apps/engine/src/observability/pino-logger';
import { API_KEYS, httpRequest, HttpResponse, RequestOptions } from '../support/engine-harness';

export type LogLine = Record<string, unknown> & { msg: string; level: number };

export interface LoggedEngine {
  baseUrl: string;
  dataDir: string;
  app: NestFastifyApplication;
  /** Every JSON line the engine's logger wrote so far. */
  lines: LogLine[];
  request(method: string, path: string, options?: RequestOptions): Promise<HttpResponse>;
  /** Resolves with the first line (already written or to come) that matches. */
  nextLine(match: (line: LogLine) => boolean): Promise<LogLine>;
  close(): Promise<void>;
}

/**
 * The real engine in this process, its pino logger writing to memory instead of stdout: the
 * lines a log shipper would read, parsed.
 */
export async function startLoggedEngine(
  options: { dataDir?: string; env?: Record<string, string> } = {},
): Promise<LoggedEngine> {
  const temp = options.dataDir ? undefined : makeTempDir('ple-ops-');
  const dataDir = options.dataDir ?? temp!.dir;
  const lines: LogLine[] = [];
  const waiting: { match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  const destination = {
    write(chunk: string) {
      for (const text of chunk.split('\n').filter(Boolean)) {
        const line = JSON.parse(text) as LogLine;
        lines.push(line);
        for (const waiter of [...waiting]) {
          if (!waiter.match(line)) continue;
          waiting.splice(waiting.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    },
  };
  const config = loadConfig({
    DATA_DIR: dataDir,
    API_KEYS,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    ...options.env,
  });
  const app = await createApp(config, { logger: new PinoLogger(config.logLevel, destination) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    dataDir,
    app,
    lines,
    request: (method, p, o) => httpRequest(baseUrl, method, p, o),
    nextLine: (match) =>
      new Promise((resolve) => {
        const found = lines.find(match);
        if (found) resolve(found);
        else waiting.push({ match, resolve });
      }),
    async close() {
      await app.close();
      temp?.cleanup();
    },
  };
}
