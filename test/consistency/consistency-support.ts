import { TestEngine } from '../support/engine-harness';

/** One segment of a datasource: a write that appends one event. */
export function segmentBody(n: number): { segments: unknown[] } {
  const hour = String(n % 24).padStart(2, '0');
  const day = String(1 + Math.floor(n / 24)).padStart(2, '0');
  return {
    segments: [
      {
        interval: `2015-09-${day}T${hour}:00:00.000Z/2015-09-${day}T${hour}:59:59.000Z`,
        version: '2023-08-10T04:12:03.860Z',
        partitionNum: 0,
        size: 1024,
      },
    ],
  };
}

/** Publishes one segment; returns the position the write answered. */
export async function publish(
  engine: TestEngine,
  datasource: string,
  n: number,
  headers = {},
): Promise<string> {
  const response = await engine.request('POST', `/engine/v1/datasources/${datasource}/segments`, {
    body: segmentBody(n),
    headers,
  });
  if (response.status !== 201 && response.status !== 200) {
    throw new Error(`publish answered ${response.status}: ${response.text}`);
  }
  const position = response.headers.get('x-engine-position');
  if (!position) throw new Error('write answered without X-Engine-Position');
  return position;
}

/** The used segments of a datasource through Druid's metadata API, at a minimum position. */
export async function usedSegments(
  engine: TestEngine,
  datasource: string,
  minPosition?: string,
): Promise<{ status: number; count: number; text: string }> {
  const response = await engine.request(
    'GET',
    `/druid/coordinator/v1/metadata/datasources/${datasource}/segments`,
    {
      headers: minPosition ? { 'X-Engine-Min-Position': minPosition } : {},
    },
  );
  return {
    status: response.status,
    count: Array.isArray(response.json) ? response.json.length : -1,
    text: response.text,
  };
}
