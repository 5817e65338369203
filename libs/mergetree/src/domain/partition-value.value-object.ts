import { createHash } from 'node:crypto';
import { mergeTreeError } from './mergetree.errors';
import type { PartitionKeyElement } from './table-definition.value-object';

/** A constant as it appears in a partition expression, already folded (toDate(...) -> date). */
export type Literal =
  | { readonly kind: 'int'; readonly value: string }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'date'; readonly value: string }
  | { readonly kind: 'null' };

/** The partition a value tuple names: its ID (directory name) and its printed value (system.parts.partition). */
export interface ResolvedPartition {
  readonly partitionId: string;
  readonly partition: string;
}

type ValueClass = 'integer' | 'date' | 'date32' | 'datetime' | 'float' | 'string' | 'other';

interface KeyValue {
  /** Quoted text form, as ClickHouse prints the `partition` column. */
  readonly text: string;
  /** The ID piece when the value is an integer (Date as YYYYMMDD), else undefined. */
  readonly integral?: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/;
const INTEGER = /^-?(0|[1-9][0-9]*)$/;

export const NO_PARTITION: ResolvedPartition = { partitionId: 'all', partition: 'tuple()' };

/**
 * Resolves partition key values the way MergeTreePartition::getID does: no key gives `all`;
 * when every value is an integer (Date printed as YYYYMMDD, DateTime as its Unix time) the
 * values are joined with `-`; otherwise the ID is a 128-bit hash of the values.
 *
 * Hash (BEHAVIOUR.md §2 choice): ClickHouse uses SipHash-128 over its binary serialization;
 * we use MD5 (128 bits, 32 lowercase hex characters) of the UTF-8 quoted text form of the
 * whole tuple, e.g. md5("'abc'") or md5("('a',1.5)"). It is stable across processes and
 * versions, which is what a directory name needs; it is not ClickHouse's exact value.
 */
export function resolvePartition(
  key: readonly PartitionKeyElement[],
  values: readonly Literal[],
): ResolvedPartition {
  if (values.length !== key.length) {
    throw mergeTreeError(
      'INVALID_PARTITION_VALUE',
      `Wrong number of fields in the partition expression: ${values.length}, must be: ${key.length}`,
    );
  }
  if (key.length === 0) return NO_PARTITION;
  const converted = key.map((element, i) => convert(element, values[i]));
  const quoted = converted.length === 1 ? converted[0].text : `(${converted.map((v) => v.text).join(',')})`;
  // system.parts prints a single value unquoted (serializeText) and a tuple quoted.
  const partition = converted.length === 1 ? unquote(converted[0].text) : quoted;
  if (converted.every((v) => v.integral !== undefined)) {
    return { partitionId: converted.map((v) => v.integral).join('-'), partition };
  }
  return { partitionId: createHash('md5').update(quoted, 'utf8').digest('hex'), partition };
}

function convert(element: PartitionKeyElement, literal: Literal): KeyValue {
  const nullable = /^(LowCardinality\()?Nullable\(/.test(element.type);
  if (literal.kind === 'null') {
    if (!nullable) throw invalid(literal, element);
    return { text: 'NULL' };
  }
  switch (classify(element.type)) {
    case 'integer': {
      const text = literal.kind === 'int' || literal.kind === 'string' ? literal.value : undefined;
      if (
        text === undefined ||
        !INTEGER.test(text) ||
        (/^UInt|^Bool/.test(innerType(element.type)) && text.startsWith('-'))
      ) {
        throw invalid(literal, element);
      }
      return { text, integral: text };
    }
    case 'date':
    case 'date32': {
      const text = literal.kind === 'string' || literal.kind === 'date' ? literal.value : '';
      const days = daysOf(text);
      if (days === undefined) throw invalid(literal, element);
      const integral = classify(element.type) === 'date' ? text.replace(/-/g, '') : String(days);
      return { text: quote(text), integral };
    }
    case 'datetime': {
      if (literal.kind === 'int') return { text: literal.value, integral: literal.value };
      const value = literal.kind === 'string' || literal.kind === 'date' ? literal.value : '';
      const seconds = secondsOf(value);
      if (seconds === undefined) throw invalid(literal, element);
      return { text: quote(value.length === 10 ? `${value} 00:00:00` : value), integral: String(seconds) };
    }
    case 'float':
      if (literal.kind === 'int') return { text: literal.value };
      if (literal.kind === 'float') return { text: String(literal.value) };
      throw invalid(literal, element);
    case 'string':
      if (literal.kind !== 'string' && literal.kind !== 'date') throw invalid(literal, element);
      return { text: quote(literal.value) };
    case 'other':
      return {
        text:
          literal.kind === 'string' || literal.kind === 'date' ? quote(literal.value) : String(literal.value),
      };
  }
}

function innerType(type: string): string {
  let inner = type.trim();
  for (;;) {
    const wrapped = /^(?:Nullable|LowCardinality)\((.*)\)$/.exec(inner);
    if (!wrapped) return inner;
    inner = wrapped[1].trim();
  }
}

function classify(type: string): ValueClass {
  const inner = innerType(type);
  if (/^U?Int(8|16|32|64|128|256)$/.test(inner) || inner === 'Bool') return 'integer';
  if (inner === 'Date') return 'date';
  if (inner === 'Date32') return 'date32';
  if (/^DateTime(\(.*\))?$/.test(inner)) return 'datetime';
  if (/^(Float32|Float64|BFloat16)$/.test(inner)) return 'float';
  if (/^(String|FixedString\(\d+\))$/.test(inner)) return 'string';
  return 'other';
}

/** Days since 1970-01-01 of a valid `YYYY-MM-DD`, else undefined. */
export function daysOf(text: string): number | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(ms).toISOString().slice(0, 10);
  return back === text ? ms / 86_400_000 : undefined;
}

/** DateTime partition values are read in UTC (the engine's server time zone). */
function secondsOf(text: string): number | undefined {
  const m = DATE_TIME.exec(text);
  if (!m || daysOf(`${m[1]}-${m[2]}-${m[3]}`) === undefined) return undefined;
  const [h, min, s] = [m[4], m[5], m[6]].map((x) => Number(x ?? 0));
  if (h > 23 || min > 59 || s > 59) return undefined;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), h, min, s) / 1000;
}

function unquote(text: string): string {
  return text.startsWith("'") ? text.slice(1, -1).replace(/\\(.)/g, '$1') : text;
}

export function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function invalid(literal: Literal, element: PartitionKeyElement) {
  const shown =
    literal.kind === 'null'
      ? 'NULL'
      : literal.kind === 'string'
        ? quote(literal.value)
        : String(literal.value);
  return mergeTreeError(
    'INVALID_PARTITION_VALUE',
    `Cannot convert partition value ${shown} to type ${element.type} of partition key element ${element.column}`,
  );
}
