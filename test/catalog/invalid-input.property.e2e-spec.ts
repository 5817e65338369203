import { EVENT_STORE, EventStore } from '@engine/eventstore';
import fc from 'fast-check';
import { startEngine, TestEngine } from '../support/engine-harness';
import { LakeFormationClient, partitionInput, storageDescriptor, TablePath } from './lakeformation-client';

const t: TablePath = { catalog: 'hive', database: 'dw', table: 'sales' };

/** Strings that break a name rule: a character outside `allowed`, or longer than `max`. */
function invalidName(allowed: RegExp, max: number) {
  const withBadChar = fc
    .tuple(
      fc.string({ maxLength: 20 }),
      fc.string({ minLength: 1, maxLength: 3 }),
      fc.string({ maxLength: 20 }),
    )
    .map(([a, bad, b]) => a + bad + b)
    .filter((s) => [...s].some((c) => !allowed.test(c)) && !/^\.+$/.test(s));
  const tooLong = fc.integer({ min: max + 1, max: max + 50 }).map((n) => 'a'.repeat(n));
  return fc.oneof(withBadChar, tooLong);
}

const oversized = (max: number) => fc.integer({ min: max + 1, max: max + 100 }).map((n) => 'x'.repeat(n));

describe('property: invalid names and oversized fields are always a 400 and store nothing', () => {
  let engine: TestEngine;
  let lf: LakeFormationClient;
  let store: EventStore;

  beforeAll(async () => {
    engine = await startEngine();
    lf = new LakeFormationClient(engine);
    await lf.createTableWithKeys(t, ['dt']);
    store = engine.app!.get<EventStore>(EVENT_STORE);
  });
  afterAll(() => engine.close());

  const sd = (o: Record<string, unknown>) => ({ storage_descriptor: storageDescriptor(o) });
  const request = fc.oneof(
    invalidName(/[A-Za-z0-9_-]/, 256).map((table) => ({
      path: { ...t, table },
      partition: partitionInput(['d']),
    })),
    invalidName(/[A-Za-z0-9_]/, 256).map((catalog) => ({
      path: { ...t, catalog },
      partition: partitionInput(['d']),
    })),
    invalidName(/[A-Za-z0-9_-]/, 128).map((database) => ({
      path: { ...t, database },
      partition: partitionInput(['d']),
    })),
    invalidName(/[A-Za-z0-9_\-+*(),]/, 767).map((name) => ({
      path: t,
      partition: partitionInput(['d'], sd({ columns: [{ column_name: name, column_type: 'string' }] })),
    })),
    oversized(4000).map((comment) => ({
      path: t,
      partition: partitionInput(
        ['d'],
        sd({ columns: [{ column_name: 'c', column_type: 'string', comment }] }),
      ),
    })),
    oversized(255).map((key) => ({
      path: t,
      partition: partitionInput(['d'], { parameters: { [key]: 'v' } }),
    })),
    oversized(4000).map((value) => ({
      path: t,
      partition: partitionInput(['d'], sd({ parameters: { k: value } })),
    })),
    fc
      .string({ minLength: 1, maxLength: 12 })
      .filter((s) => !/^[A-Za-z]+\s*(\(.*\)|<.*>)?$/s.test(s))
      .map((type) => ({
        path: t,
        partition: partitionInput(['d'], sd({ columns: [{ column_name: 'c', column_type: type }] })),
        // A column type outside the list has its own code (BEHAVIOUR.md §6).
        code: 'common.00000013',
      })),
    fc
      .integer()
      .filter((n) => n !== 0 && n !== 1)
      .map((order) => ({
        path: t,
        partition: partitionInput(['d'], sd({ sort_columns: [{ column: 'c1', sort_order: order }] })),
      })),
  );

  it('holds for random invalid requests', async () => {
    await fc.assert(
      fc.asyncProperty(request, fc.boolean(), async (generated, ifNotExist) => {
        const { path, partition } = generated;
        const code = 'code' in generated ? generated.code : 'common.01000001';
        const encoded = {
          catalog: encodeURIComponent(path.catalog),
          database: encodeURIComponent(path.database),
          table: encodeURIComponent(path.table),
        };
        const before = await store.headPosition();
        const response = await lf.batchCreate(encoded, { if_not_exist: ifNotExist, partitions: [partition] });
        expect(response.status).toBe(400);
        expect(response.json).toEqual({
          error_code: code,
          error_msg: expect.stringMatching(/^failed to read http request/),
          solution_msg: expect.any(String),
        });
        expect(await store.headPosition()).toBe(before);
      }),
      { numRuns: 100 },
    );
    expect(await lf.listAll(t)).toEqual([]);
  }, 180_000);
});
