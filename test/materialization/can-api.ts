import { HttpResponse, keys, TENANT, TestEngine } from '../support/engine-harness';

/** CAN's headers: the API key travels in auth-value, the tenant in tenant-id. */
export const canHeaders = (key: string = keys.operator, tenant: string = TENANT): Record<string, string> => ({
  'tenant-id': tenant,
  'auth-type': 'APIKEY',
  'auth-value': key,
});

export const SUCCESS = { data: 'success', success: true, code: '200', errorMsg: null, detailErrorMsg: null };

export const day = (startTime: string, endTime = startTime) => ({
  dateGranularity: 'DAY',
  startTime,
  endTime,
});

export async function createPlan(
  engine: TestEngine,
  refreshType: 'FULL' | 'INCREMENTAL' = 'INCREMENTAL',
  granularity = 'DAY',
): Promise<string> {
  const response = await engine.request('POST', '/engine/v1/materialization/plans', {
    body: { name: `orders ${refreshType} ${granularity}`, refreshType, granularity },
  });
  expect(response.status).toBe(201);
  return (response.json as { uuid: string }).uuid;
}

export function canPost(
  engine: TestEngine,
  operation: string,
  body: unknown,
  options: { query?: string; headers?: Record<string, string> } = {},
): Promise<HttpResponse> {
  return engine.request('POST', `/anymetrics/api/v1/accelerate/plan/${operation}${options.query ?? ''}`, {
    body,
    key: null,
    headers: options.headers ?? canHeaders(),
  });
}

export interface PlanPartitions {
  partitions: { key: string; state: string; eventType?: string }[];
  counts: Record<string, number>;
  table?: string;
}

export async function partitionStates(
  engine: TestEngine,
  uuid: string,
  start?: string,
  end?: string,
): Promise<Record<string, string>> {
  const query = start && end ? `?start=${start}&end=${end}` : '';
  const response = await engine.request('GET', `/engine/v1/materialization/plans/${uuid}${query}`);
  expect(response.status).toBe(200);
  return Object.fromEntries((response.json as PlanPartitions).partitions.map((p) => [p.key, p.state]));
}

/** The plan's stream length, to prove a refused request stored nothing. */
export async function streamLength(engine: TestEngine, uuid: string): Promise<number> {
  const stream = encodeURIComponent(`matplan-${TENANT}/${uuid}`);
  const response = await engine.request('GET', `/engine/v1/streams/${stream}/events?limit=1000`);
  expect(response.status).toBe(200);
  return (response.json as { events: unknown[] }).events.length;
}
