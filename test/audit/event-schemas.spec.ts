import { asyncApiDocument, EventSchemaRegistry, EventSchemaSet } from '@engine/audit';
import {
  CATALOG_REGISTRY_EVENT_SCHEMAS,
  CATALOG_TABLE_EVENT_SCHEMAS,
  CatalogRegistryEvent,
  TableEvent,
} from '@engine/catalog';
import { COMPACTION_EVENT_SCHEMAS, TABLET_EVENT_TYPES } from '@engine/compaction';
import { categoryOf } from '@engine/eventstore';
import { MATERIALIZATION_EVENT_SCHEMAS, PLAN_EVENT_TYPES } from '@engine/materialization';
import { MERGETREE_EVENT_SCHEMAS, MERGETREE_EVENT_TYPES } from '@engine/mergetree';
import { SEGMENTS_EVENT_SCHEMAS, SEGMENTS_EVENT_TYPES } from '@engine/segments';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { FAMILIES } from '../../bench/replay/family-events';

// The catalog declares no runtime list of its event types; `satisfies` keeps these complete.
const TABLE_EVENT_TYPES = Object.keys({
  TableCreated: true,
  PartitionsCreated: true,
  PartitionsDeleted: true,
} satisfies Record<TableEvent['type'], true>);
const CATALOG_REGISTRY_EVENT_TYPES = Object.keys({
  CatalogCreated: true,
  DatabaseCreated: true,
} satisfies Record<CatalogRegistryEvent['type'], true>);

const ALL: [EventSchemaSet, readonly string[]][] = [
  [SEGMENTS_EVENT_SCHEMAS, SEGMENTS_EVENT_TYPES],
  [MERGETREE_EVENT_SCHEMAS, MERGETREE_EVENT_TYPES],
  [CATALOG_TABLE_EVENT_SCHEMAS, TABLE_EVENT_TYPES],
  [CATALOG_REGISTRY_EVENT_SCHEMAS, CATALOG_REGISTRY_EVENT_TYPES],
  [COMPACTION_EVENT_SCHEMAS, TABLET_EVENT_TYPES],
  [MATERIALIZATION_EVENT_SCHEMAS, PLAN_EVENT_TYPES],
];

describe('event schemas', () => {
  const registry = new EventSchemaRegistry(ALL.map(([set]) => set));
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);

  it.each(ALL.map(([set, types]) => [set.category, set, types] as const))(
    '%s: exactly one schema per event type the family declares',
    (_category, set, types) => {
      expect(Object.keys(set.events).sort()).toEqual([...types].sort());
    },
  );

  it('compiles every schema in strict mode', () => {
    for (const { key, schema } of registry.all()) expect(() => ajv.compile(schema)).not.toThrow(key);
  });

  it("accepts the benchmark's generated events (they use the families' real shapes)", () => {
    for (const family of FAMILIES) {
      for (let n = 0; n < 6; n++) {
        const event = family.next(1, n);
        const stream = family.stream(1);
        const registered = registry.get(categoryOf(stream), event.type)!;
        const json = { ...event, stream, revision: '0', position: '1', recordedAt: new Date().toISOString() };
        const validate = ajv.compile(registered.schema);
        expect([registered.key, validate(json), ajv.errorsText(validate.errors)]).toEqual([
          registered.key,
          true,
          'No errors',
        ]);
      }
    }
  });

  it('describes every event type in the AsyncAPI document, with resolvable references', () => {
    const doc = JSON.parse(JSON.stringify(asyncApiDocument(registry, '0.1.0'))) as Record<string, unknown>;
    const resolve = (ref: string) =>
      ref
        .slice(2)
        .split('/')
        .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
    const refs = JSON.stringify(doc).match(/"\$ref":"#[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(registry.all().length);
    for (const ref of refs) expect([ref, resolve(ref.slice(8, -1))]).not.toEqual([ref, undefined]);
    const messages = (doc.components as { messages: object }).messages;
    expect(Object.keys(messages).sort()).toEqual(
      registry
        .all()
        .map((e) => e.key)
        .sort(),
    );
  });
});
