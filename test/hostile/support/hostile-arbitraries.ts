import fc from 'fast-check';
import type { RouteEntry } from '../../support/engine-harness';
import { SAMPLE_BODIES } from './route-catalogue';

/** Parameter values that pass the routes' own checks, so most requests reach body validation. */
export const VALID_PARAMS: Record<string, string> = {
  datasource: 'pp',
  segmentId: 'pp_2015-09-12T16:00:00.000Z_2015-09-12T17:00:00.000Z_2023-08-10T04:12:03.860Z',
  interval: '2015-09-12T00:00:00.000Z_2015-09-13T00:00:00.000Z',
  database: 'db',
  table: 'visits',
  project_id: 'acme',
  instance_id: 'i1',
  catalog_name: 'hive',
  database_name: 'sales',
  table_name: 'orders',
  tablet_id: '10015',
  compaction_id: 'c1',
  version: 'v1',
  uuid: '00000000-0000-4000-8000-000000000000',
  name: 'segment-used',
  '*': '',
};

/** Percent-encodes every UTF-8 byte (a lone surrogate becomes U+FFFD, as a browser would send it). */
const encodeBytes = (text: string) =>
  [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }).map(encodeBytes),
  fc.constantFrom(
    '%ED%A0%80',
    '%FF',
    '%',
    '%zz',
    '..',
    '%2e%2e',
    '%00',
    '-1',
    '1e400',
    '99999999999999999999',
  ),
  fc.integer({ min: 1, max: 3000 }).map((n) => 'a'.repeat(n)),
);

/** A path segment: usually the valid one, otherwise hostile. */
const segment = (name: string) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(VALID_PARAMS[name] ?? 'x') },
    { weight: 1, arbitrary: hostileText },
  );

export function pathFor(route: RouteEntry): fc.Arbitrary<string> {
  const names = [...route.url.matchAll(/:([A-Za-z_]+)|\*$/g)].map((m) => m[1] ?? '*');
  return fc.tuple(...names.map(segment)).map((values) => {
    let i = 0;
    return route.url.replace(/:([A-Za-z_]+)|\*$/g, () => values[i++]);
  });
}

const QUERY_KEYS = [
  'query',
  'uuid',
  'tablet_id',
  'compact_type',
  'interval',
  'kill',
  'database',
  'limit',
  'x',
];
export const queryString = fc
  .array(fc.tuple(fc.constantFrom(...QUERY_KEYS, '__proto__', 'constructor'), hostileText), { maxLength: 4 })
  .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`));

const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 300,
});
export const headers = fc.record(
  {
    'content-type': fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
      'garbage/x',
      '',
    ),
    'idempotency-key': printable,
    'x-correlation-id': printable,
  },
  { requiredKeys: ['content-type'] },
);

/** Credentials as a hostile caller sends them; `undefined` keeps the dialect's valid ones. */
export const credentials: fc.Arbitrary<Record<string, string> | undefined> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Record<string, string> | undefined>(undefined) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Record<string, string>>(
      { authorization: 'Basic !!!not-base64' },
      { authorization: `Basic ${Buffer.from(':').toString('base64')}` },
      { authorization: `Bearer ${'k'.repeat(8000)}` },
      { authorization: 'Bearer' },
      { authorization: '' },
      { 'auth-type': 'APIKEY', 'auth-value': '' },
      { 'x-auth-token': 'admin-key-acme-000' },
    ),
  },
);

/** Raw JSON tokens JSON.stringify cannot produce: overflows, negative zero, odd exponents. */
const RAW_TOKENS = ['1e400', '-1e400', '-0', '99999999999999999999', '0.1e-400', '"\\ud800"', '"\\udfff"'];

const odd = fc.oneof(
  fc.constantFrom(null, true, '', -1, 0.5, 2 ** 53, {}, [], 'x'.repeat(70_000)),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(...RAW_TOKENS.map((t) => ({ raw: t }))),
);

type Json = unknown;
const paths = (value: Json, at: (string | number)[] = []): (string | number)[][] => {
  if (typeof value !== 'object' || value === null) return [at];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_v, i) => i) : Object.keys(value);
  return [at, ...keys.flatMap((k) => paths((value as Record<string | number, Json>)[k], [...at, k]))];
};

/** The sample with one place replaced, deleted, or given an unknown sibling. */
function mutated(sample: Json): fc.Arbitrary<string> {
  const places = paths(sample).filter((p) => p.length > 0);
  if (places.length === 0) return fc.constant(JSON.stringify(sample));
  return fc
    .record({
      place: fc.constantFrom(...places),
      op: fc.constantFrom('replace', 'delete', 'add'),
      value: odd,
    })
    .map(({ place, op, value }) => {
      const copy = structuredClone(sample) as Record<string | number, Json>;
      let parent = copy;
      for (const key of place.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
      const last = place[place.length - 1];
      const raw =
        typeof value === 'object' && value !== null && 'raw' in value ? (value.raw as string) : undefined;
      const marker = '@@RAW@@';
      if (op === 'delete') delete parent[last];
      else if (op === 'add' && !Array.isArray(parent)) parent[`${String(last)}_extra`] = raw ? marker : value;
      else parent[last] = raw ? marker : value;
      return JSON.stringify(copy).replace(`"${marker}"`, raw ?? '');
    });
}

const SQL_WORDS = [
  'SELECT',
  'name',
  'FROM',
  'system.parts',
  'LIMIT',
  '99999999999999999999',
  'ALTER',
  'TABLE',
  'db.visits',
  'DETACH',
  'ATTACH',
  'DROP',
  'PARTITION',
  "'x'",
  '(',
  ')',
  ',',
  '1e400',
  '-1',
  'FORMAT',
  'JSONEachRow',
  'SETTINGS',
  '=',
  'WHERE',
  'AND',
  'IN',
  'ORDER BY',
  'FREEZE',
  'CREATE',
  'ENGINE = MergeTree',
  'SET',
  '\u0000',
  "'\ud800'",
  '`',
  '"',
];
const sql = fc.array(fc.constantFrom(...SQL_WORDS), { maxLength: 14 }).map((words) => words.join(' '));

/** A body for `route`: malformed text or JSON, hostile shapes, or its sample with one place broken. */
export function bodyFor(route: RouteEntry): fc.Arbitrary<string | undefined> {
  const sample = SAMPLE_BODIES[`${route.method} ${route.url}`];
  const shapes: fc.Arbitrary<string | undefined>[] = [
    fc.constant(undefined),
    fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.integer({ min: 10, max: 4000 }).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
    fc.integer({ min: 10, max: 4000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
    fc.integer({ min: 0, max: 25_000 }).map((n) => `{"items":[${'0,'.repeat(n)}0]}`),
    fc.constantFrom('{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{}}}', '{"a":"\\ud800"}'),
  ];
  if (typeof sample === 'string')
    shapes.push(
      sql,
      sql.map((s) => `${sample} ${s}`),
    );
  else if (sample !== undefined) shapes.push(mutated(sample), mutated(sample), mutated(sample));
  return fc.oneof(...shapes);
}
