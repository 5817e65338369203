import { parseStreamName } from '@engine/eventstore/stream-name';

export interface StreamTable {
  readonly tenant: string;
  readonly database: string;
  readonly table: string;
}

/** `mergetree-<tenant>/<db>.<table>`; the database is everything before the first dot. */
export function tableOfStream(stream: string): StreamTable {
  const parsed = parseStreamName(stream);
  const id = parsed?.id.join('/') ?? '';
  const dot = id.indexOf('.');
  if (!parsed || dot < 0) throw new Error(`not a mergetree stream: ${stream}`);
  return { tenant: parsed.tenant, database: id.slice(0, dot), table: id.slice(dot + 1) };
}

/**
 * `tableOfStream` remembering its last answer, one per opened projection: projections ask once
 * per event and batches mostly run stream by stream.
 */
export function streamTables(): (stream: string) => StreamTable {
  let lastStream: string | undefined;
  let lastTable: StreamTable | undefined;
  return (stream) => {
    if (stream !== lastStream || !lastTable) {
      lastTable = tableOfStream(stream);
      lastStream = stream;
    }
    return lastTable;
  };
}
