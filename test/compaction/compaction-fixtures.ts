import { keys, type TestEngine } from '../support/engine-harness';

/** Helpers shared by the compaction end-to-end tests. */
export interface TabletJson {
  tablet_id: number;
  cumulative_point: number;
  rowsets: {
    rowset_id: string;
    start_version: number;
    end_version: number;
    size: number;
    segments: number;
  }[];
  running_compaction: { compaction_id: string; compaction_type: string; status: string } | null;
  last_success: Record<string, string | null>;
  last_failure: Record<string, string | null>;
  compactions: { compaction_id: string; status: string; reason: string | null; source: string }[];
}

export const rowsets = (...ranges: [number, number][]) =>
  ranges.map(([start_version, end_version]) => ({ start_version, end_version, size: 1024, segments: 1 }));

export async function registerTablet(
  engine: TestEngine,
  tabletId: number,
  ranges: [number, number][],
  cumulativePoint: number,
  tableId = 7,
  key?: string,
) {
  const response = await engine.request('POST', '/engine/v1/tablets', {
    key,
    body: {
      tablet_id: tabletId,
      table_id: tableId,
      schema_hash: 700967178,
      rowsets: rowsets(...ranges),
      cumulative_point: cumulativePoint,
    },
  });
  if (response.status !== 201) throw new Error(`register ${tabletId}: ${response.status} ${response.text}`);
  return response.json as TabletJson;
}

export async function tablet(engine: TestEngine, tabletId: number): Promise<TabletJson> {
  return (await engine.request('GET', `/engine/v1/tablets/${tabletId}`)).json as TabletJson;
}

export const run = (engine: TestEngine, query: string, key?: string | null) =>
  engine.request('POST', `/api/compaction/run?${query}`, { key });

export const runStatus = async (engine: TestEngine, tabletId: number) =>
  (await engine.request('GET', `/api/compaction/run_status?tablet_id=${tabletId}`)).json as Record<
    string,
    unknown
  >;

export async function eventCount(engine: TestEngine, tabletId: number, tenant = 'acme'): Promise<number> {
  const stream = encodeURIComponent(`tablet-${tenant}/${tabletId}`);
  const response = await engine.request('GET', `/engine/v1/streams/${stream}/events?limit=1000`);
  return (response.json as { events: unknown[] }).events.length;
}

/**
 * Polls until `check` holds. No deadline of its own: a busy machine only makes it slower, and the
 * test's timeout bounds a condition that never comes.
 */
export async function eventually<T>(probe: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await probe();
    if (check(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const TRIGGERED = { status: 'Success', msg: 'compaction task is successfully triggered.' };
export const fail = (msg: string) => ({ status: 'Fail', msg });

/** An external executor's callback: start, complete or fail. */
export const progress = (engine: TestEngine, tabletId: number, id: string, step: string, body?: object) =>
  engine.request('POST', `/engine/v1/tablets/${tabletId}/compactions/${id}/${step}`, {
    body,
    key: keys.operator,
  });

/** Five rowsets [0-5] [6-6] [7-7] [8-8] [9-9] with the cumulative point at 8, as in the seed's example. */
export const SEED_RANGES: [number, number][] = [
  [0, 5],
  [6, 6],
  [7, 7],
  [8, 8],
  [9, 9],
];

export const registerSeedTablet = (engine: TestEngine, tabletId: number) =>
  registerTablet(engine, tabletId, SEED_RANGES, 8);
