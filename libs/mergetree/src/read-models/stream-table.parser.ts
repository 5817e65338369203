import { parseStreamName } from '@engine/eventstore/stream-name';

export interface StreamTable {
  tenant: string;
  database: string;
  table: string;
}

/** `mergetree-<tenant>/<db>.<table>`; the database is everything before the first dot. */
export function tableOfStream(stream: string): StreamTable {
  const parsed = parseStreamName(stream);
  const id = parsed?.id.join('/') ?? '';
  const dot = id.indexOf('.');
  if (!parsed || dot < 0) throw new Error(`not a mergetree stream: ${stream}`);
  return { tenant: parsed.tenant, database: id.slice(0, dot), table: id.slice(dot + 1) };
}
