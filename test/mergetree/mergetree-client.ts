import { ClickHouseClient, ClickHouseLogLevel, createClient } from '@clickhouse/client';
import type { TestEngine } from '../support/engine-harness';
import { keys } from '../support/engine-harness';

/** The official client pointed at the engine's /clickhouse route (the URL path would mean a database). */
export function clickhouse(
  engine: TestEngine,
  key: string = keys.operator,
  options: { session_id?: string } = {},
): ClickHouseClient {
  return createClient({
    url: engine.baseUrl,
    pathname: '/clickhouse',
    username: 'default',
    password: key,
    database: 'db',
    log: { level: ClickHouseLogLevel.OFF },
    ...options,
  });
}

export async function rows<T = Record<string, unknown>>(
  client: ClickHouseClient,
  query: string,
): Promise<T[]> {
  const result = await client.query({ query, format: 'JSONEachRow' });
  return result.json<T>();
}

/** The error the client throws, as { code, type, message }. */
export async function refusal(
  promise: Promise<unknown>,
): Promise<{ code: string; type?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const { code, type, message } = error as { code: string; type?: string; message: string };
    return { code, type, message };
  }
  throw new Error('expected ClickHouse to refuse the statement');
}

export async function addPart(
  engine: TestEngine,
  table: string,
  partition: unknown,
  rowCount = 100,
): Promise<string> {
  const response = await engine.request('POST', `/engine/v1/mergetree/tables/db/${table}/parts`, {
    body: { partition, rows: rowCount, bytesOnDisk: rowCount * 10 },
    key: keys.operator,
  });
  if (response.status !== 201) throw new Error(`addPart: ${response.status} ${response.text}`);
  return (response.json as { part: { name: string } }).part.name;
}
