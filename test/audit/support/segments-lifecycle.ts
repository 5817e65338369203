import type { TestEngine } from '../../support/engine-harness';

export const DS = 'wiki_audit';
const V = '2024-01-01T00:00:00.000Z';
const COORDINATOR = '/druid/coordinator/v1/datasources';

/** Segment ID of hour `h` of 2024-03-01, in Druid's form. */
export function segmentId(h: number): string {
  const hh = (n: number) => String(n).padStart(2, '0');
  return `${DS}_2024-03-01T${hh(h)}:00:00.000Z_2024-03-01T${hh(h + 1)}:00:00.000Z_${V}`;
}

export async function publish(engine: TestEngine, hours: number[]): Promise<void> {
  const segments = hours.map((h) => ({
    interval: segmentId(h).split('_').slice(2, 4).join('/'),
    version: V,
    partitionNum: 0,
    size: 1000 + h,
  }));
  const res = await engine.request('POST', `/engine/v1/datasources/${DS}/segments`, { body: { segments } });
  if (res.status !== 201) throw new Error(`publish failed: ${res.status} ${res.text}`);
}

export async function markUnused(engine: TestEngine, h: number): Promise<void> {
  const res = await engine.request('DELETE', `${COORDINATOR}/${DS}/segments/${segmentId(h)}`);
  if (res.status !== 200) throw new Error(`mark unused failed: ${res.status} ${res.text}`);
}

export async function markUsed(engine: TestEngine, h: number): Promise<void> {
  const res = await engine.request('POST', `${COORDINATOR}/${DS}/segments/${segmentId(h)}`);
  if (res.status !== 200) throw new Error(`mark used failed: ${res.status} ${res.text}`);
}

export async function markAllUnusedAndKill(engine: TestEngine): Promise<void> {
  const unused = await engine.request('DELETE', `${COORDINATOR}/${DS}`);
  if (unused.status !== 200) throw new Error(`mark all unused failed: ${unused.status} ${unused.text}`);
  const kill = await engine.request('DELETE', `${COORDINATOR}/${DS}/intervals/2024-03-01_2024-03-02`);
  if (kill.status !== 200) throw new Error(`kill failed: ${kill.status} ${kill.text}`);
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
