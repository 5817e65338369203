// The config module alone: --help must not load the engine.
import { ConfigError, EngineConfig, loadConfig } from '@engine/kernel/config/engine-config';
import { SingleBar } from 'cli-progress';

/** Exit codes of every command: 0 done, 1 the check failed or the work did, 2 usage or configuration. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** A failure the user can act on: printed without a stack trace, with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The engine's configuration, with `--data-dir` over DATA_DIR. */
export function cliConfig(dataDir?: string): EngineConfig {
  try {
    return loadConfig({ ...process.env, ...(dataDir ? { DATA_DIR: dataDir } : {}) });
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, EXIT.usage);
    throw error;
  }
}

/** Commands that work on the files of the embedded store refuse an EventStoreDB configuration. */
export function requireEmbeddedStore(config: EngineConfig, what: string): void {
  if (config.eventStoreConnectionString)
    throw new CliError(
      `${what} works on the embedded SQLite store; EVENTSTORE_CONNECTION_STRING is set`,
      EXIT.usage,
    );
}

/** A progress bar on stderr (stdout stays for results); silent when stderr is not a terminal. */
export function progressBar(label: string, total: number): SingleBar {
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total} {unit} | ETA {eta_formatted}`,
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: false,
  });
  bar.start(Math.max(total, 1), 0, { unit: '' });
  return bar;
}

export interface EngineEndpoint {
  url: string;
  key?: string;
}

/** Calls a running engine's HTTP API with the key as Bearer; a non-2xx answer is a CliError. */
export async function callEngine<T>(endpoint: EngineEndpoint, method: string, path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(new URL(path, endpoint.url), {
      method,
      headers: endpoint.key ? { authorization: `Bearer ${endpoint.key}` } : {},
    });
  } catch (error) {
    throw new CliError(`cannot reach the engine at ${endpoint.url}: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok)
    throw new CliError(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}
