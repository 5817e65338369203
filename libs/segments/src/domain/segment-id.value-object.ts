import { formatIsoInstant, parseIsoInstant } from './iso-instant.value-object';

/** The identity of a Druid segment; its string form is the key everywhere (as in Druid's metadata table). */
export interface SegmentId {
  readonly datasource: string;
  readonly start: number;
  readonly end: number;
  readonly version: string;
  readonly partitionNum: number;
}

const DELIMITER = '_';
/** Druid's partitionNum is a Java int. */
export const MAX_PARTITION_NUM = 2147483647;

/** `dataSource_start_end_version`, plus `_partitionNum` only when partitionNum != 0. */
export function formatSegmentId(id: SegmentId): string {
  return segmentIdText(
    id.datasource,
    formatIsoInstant(id.start),
    formatIsoInstant(id.end),
    id.version,
    id.partitionNum,
  );
}

/** The same, from instants already printed (bulk publishing prints each once). */
export function segmentIdText(
  datasource: string,
  start: string,
  end: string,
  version: string,
  partitionNum: number,
) {
  const base = `${datasource}_${start}_${end}_${version}`;
  return partitionNum === 0 ? base : `${base}_${partitionNum}`;
}

/**
 * Every reading of `text` as a segment of `datasource`, most likely first: with a positive
 * integer trail, (version without it, partitionNum = trail) then (version with it, 0).
 * `_0` and negative trails stay in the version. Empty when `text` is not such an ID.
 */
export function parseSegmentIdCandidates(datasource: string, text: string): SegmentId[] {
  if (datasource.length === 0 || !text.startsWith(datasource + DELIMITER)) return [];
  const pieces = text.slice(datasource.length + 1).split(DELIMITER);
  if (pieces.length < 3) return [];
  const start = parseIsoInstant(pieces[0]);
  const end = parseIsoInstant(pieces[1]);
  if (start === undefined || end === undefined || start >= end) return [];
  const whole: SegmentId = {
    datasource,
    start,
    end,
    version: pieces.slice(2).join(DELIMITER),
    partitionNum: 0,
  };
  if (pieces.length === 3) return [whole];
  const trail = pieces[pieces.length - 1];
  const partitionNum = /^-?\d{1,10}$/.test(trail) ? Number(trail) : 0;
  if (partitionNum <= 0 || partitionNum > MAX_PARTITION_NUM) return [whole];
  return [{ ...whole, version: pieces.slice(2, -1).join(DELIMITER), partitionNum }, whole];
}

/**
 * Readings of an ID whose datasource is not known (datasource names may contain `_`): the prefix
 * before the first `_` followed by a timestamp is the most probable datasource and comes first,
 * then every other prefix of `_`-pieces, shortest first.
 */
export function parseSegmentIdWithoutDatasource(text: string): SegmentId[] {
  const pieces = text.split(DELIMITER);
  const probable = mostProbableDatasource(text);
  const others: string[] = [];
  // A datasource needs at least start, end and version after it.
  for (let n = 1; n <= pieces.length - 3; n++) {
    const prefix = pieces.slice(0, n).join(DELIMITER);
    if (prefix !== probable) others.push(prefix);
  }
  const datasources = probable === undefined ? others : [probable, ...others];
  return datasources.flatMap((datasource) => parseSegmentIdCandidates(datasource, text));
}

function mostProbableDatasource(text: string): string | undefined {
  const timestamp = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/g;
  for (let m = timestamp.exec(text); m !== null; m = timestamp.exec(text)) {
    if (m.index > 1 && text[m.index - 1] === DELIMITER) return text.slice(0, m.index - 1);
  }
  return undefined;
}

/** Druid's natural order: dataSource, start, end, version, partitionNum. */
export function compareSegmentIds(a: SegmentId, b: SegmentId): number {
  if (a.datasource !== b.datasource) return a.datasource < b.datasource ? -1 : 1;
  if (a.start !== b.start) return a.start - b.start;
  if (a.end !== b.end) return a.end - b.end;
  if (a.version !== b.version) return a.version < b.version ? -1 : 1;
  return a.partitionNum - b.partitionNum;
}
