import { mergeTreeError } from './mergetree.errors';
import type { PartitionKeyElement } from './table-definition.value-object';
import { sipHash128, toHexLowercase } from './sip-hash.algorithm';

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

type ValueClass = 'integer' | 'enum' | 'date' | 'date32' | 'datetime' | 'float' | 'string' | 'other';

/**
 * The value as ClickHouse holds it in a `Field` (src/Core/Field.h): integers of every width, Date
 * (day number), DateTime (seconds) and Enum (its number) are UInt64 or Int64; floats are Float64.
 */
type FieldValue =
  | { readonly type: 'Null' }
  | { readonly type: 'UInt64' | 'Int64'; readonly value: bigint }
  | { readonly type: 'Float64'; readonly value: number }
  | { readonly type: 'String'; readonly value: string };

interface KeyValue {
  /** Quoted text form, as ClickHouse prints the `partition` column. */
  readonly text: string;
  /** The ID piece when the value is an integer (Date as YYYYMMDD), else undefined. */
  readonly integral?: string;
  readonly field: FieldValue;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/;
const INTEGER = /^-?(0|[1-9][0-9]*)$/;

export const NO_PARTITION: ResolvedPartition = { partitionId: 'all', partition: 'tuple()' };

/**
 * Resolves partition key values the way MergeTreePartition::getID does
 * (src/Storages/MergeTree/MergeTreePartition.cpp): no key gives `all`; when every value is an
 * integer (Date printed as YYYYMMDD, DateTime as its Unix time, Enum as its number) the values
 * are joined with `-`; otherwise the ID is ClickHouse's SipHash-128 over each value's type tag
 * and binary form (its LegacyFieldVisitorHash), as 32 lowercase hex characters (BEHAVIOUR.md §6).
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
  return { partitionId: hashedId(converted.map((v) => v.field)), partition };
}

/** Field::Types tags (src/Core/Field.h) as LegacyFieldVisitorHash writes them. */
const TYPE_TAG = { Null: 0, UInt64: 1, Int64: 2, Float64: 3, String: 16 } as const;

function hashedId(fields: readonly FieldValue[]): string {
  const chunks: Uint8Array[] = [];
  const fixed = (size: number, write: (view: DataView) => void) => {
    const bytes = new Uint8Array(size);
    write(new DataView(bytes.buffer));
    chunks.push(bytes);
  };
  for (const field of fields) {
    chunks.push(Uint8Array.of(TYPE_TAG[field.type]));
    switch (field.type) {
      case 'Null':
        break;
      case 'UInt64':
        fixed(8, (v) => v.setBigUint64(0, BigInt.asUintN(64, field.value), true));
        break;
      case 'Int64':
        fixed(8, (v) => v.setBigInt64(0, BigInt.asIntN(64, field.value), true));
        break;
      case 'Float64':
        fixed(8, (v) => v.setFloat64(0, field.value, true));
        break;
      case 'String': {
        const bytes = new TextEncoder().encode(field.value);
        fixed(8, (v) => v.setBigUint64(0, BigInt(bytes.length), true));
        chunks.push(bytes);
        break;
      }
    }
  }
  const input = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    input.set(c, offset);
    offset += c.length;
  }
  return toHexLowercase(sipHash128(input));
}

function convert(element: PartitionKeyElement, literal: Literal): KeyValue {
  const nullable = /^(LowCardinality\()?Nullable\(/.test(element.type);
  if (literal.kind === 'null') {
    if (!nullable) throw invalid(literal, element);
    return { text: 'NULL', field: { type: 'Null' } };
  }
  const inner = innerType(element.type);
  switch (classify(element.type)) {
    case 'integer': {
      const text = literal.kind === 'int' || literal.kind === 'string' ? literal.value : undefined;
      if (text === undefined) throw invalid(literal, element);
      if (!INTEGER.test(text)) throw mismatch(literal, element);
      const unsigned = /^UInt|^Bool/.test(inner);
      if (unsigned && text.startsWith('-')) throw invalid(literal, element);
      return { text, integral: text, field: { type: unsigned ? 'UInt64' : 'Int64', value: BigInt(text) } };
    }
    case 'enum': {
      const names = enumValues(inner);
      const byName = literal.kind === 'string' ? names.get(literal.value) : undefined;
      const byNumber =
        literal.kind === 'int' ? [...names].find(([, n]) => String(n) === literal.value) : undefined;
      const entry: [string, number] | undefined =
        byName !== undefined && literal.kind === 'string' ? [literal.value, byName] : byNumber;
      if (!entry) throw invalid(literal, element);
      return {
        text: quote(entry[0]),
        integral: String(entry[1]),
        field: { type: 'Int64', value: BigInt(entry[1]) },
      };
    }
    case 'date':
    case 'date32': {
      const text = literal.kind === 'string' || literal.kind === 'date' ? literal.value : '';
      const days = daysOf(text);
      // A date-shaped value that is no calendar day is a bad value (248); anything else a type mismatch (53).
      if (days === undefined) throw DATE.test(text) ? invalid(literal, element) : mismatch(literal, element);
      const date = classify(element.type) === 'date';
      const integral = date ? text.replace(/-/g, '') : String(days);
      return {
        text: quote(text),
        integral,
        field: { type: date ? 'UInt64' : 'Int64', value: BigInt(days) },
      };
    }
    case 'datetime': {
      if (literal.kind === 'int')
        return {
          text: literal.value,
          integral: literal.value,
          field: { type: 'UInt64', value: BigInt(literal.value) },
        };
      const value = literal.kind === 'string' || literal.kind === 'date' ? literal.value : '';
      const seconds = secondsOf(value);
      if (seconds === undefined)
        throw DATE_TIME.test(value) ? invalid(literal, element) : mismatch(literal, element);
      return {
        text: quote(value.length === 10 ? `${value} 00:00:00` : value),
        integral: String(seconds),
        field: { type: 'UInt64', value: BigInt(seconds) },
      };
    }
    case 'float': {
      const number =
        literal.kind === 'int' ? Number(literal.value) : literal.kind === 'float' ? literal.value : undefined;
      if (number === undefined) throw mismatch(literal, element);
      // A Float32 column holds the value rounded to single precision; the Field widens it back.
      const stored = inner === 'Float32' ? Math.fround(number) : number;
      return {
        text: literal.kind === 'int' ? literal.value : String(literal.value),
        field: { type: 'Float64', value: stored },
      };
    }
    case 'string':
      if (literal.kind !== 'string' && literal.kind !== 'date') throw mismatch(literal, element);
      return { text: quote(literal.value), field: { type: 'String', value: literal.value } };
    case 'other': {
      const text =
        literal.kind === 'string' || literal.kind === 'date' ? literal.value : String(literal.value);
      return {
        text: literal.kind === 'string' || literal.kind === 'date' ? quote(literal.value) : text,
        field: { type: 'String', value: text },
      };
    }
  }
}

/** `Enum8('a' = 1, 'b' = 2)` -> {a: 1, b: 2}. */
function enumValues(type: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const m of type.matchAll(/'((?:[^'\\]|\\.)*)'\s*=\s*(-?\d+)/g)) {
    values.set(m[1].replace(/\\(.)/g, '$1'), Number(m[2]));
  }
  return values;
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
  if (/^Enum(8|16)?\(/.test(inner)) return 'enum';
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

/** A value that does not parse as the key's type: 53 TYPE_MISMATCH (BEHAVIOUR.md §6). */
function mismatch(literal: Literal, element: PartitionKeyElement) {
  return mergeTreeError(
    'TYPE_MISMATCH',
    `Cannot convert partition value ${shown(literal)} to type ${element.type} of partition key element ${element.column}`,
  );
}

function shown(literal: Literal): string {
  return literal.kind === 'null'
    ? 'NULL'
    : literal.kind === 'string'
      ? quote(literal.value)
      : String(literal.value);
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
