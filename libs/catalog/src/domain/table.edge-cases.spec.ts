import { decideAll } from '@engine/testing';
import { jsonLength } from '@engine/kernel/domain';
import { NOW, partition, storage, table } from '../../test/catalog.fixtures';
import { catalogRegistryDecider, findDatabase } from './catalog-registry.decider';
import { CatalogRegistryCommand, CatalogRegistryEvent } from './catalog-registry.events';
import { CatalogError } from './catalog.errors';
import { checkPartition, MAX_PARTITION_JSON_LENGTH } from './storage-descriptor.value-object';
import { tableDecider } from './table.decider';
import { TableCommand, TableEvent } from './table.events';

function decide<S, C, E>(
  decider: { initialState: () => S; evolve: (s: S, e: E) => S; decide: (c: C, s: S) => E[] },
  history: C[],
  command: C,
): E[] {
  let state = decider.initialState();
  for (const earlier of history)
    for (const event of decider.decide(earlier, state)) state = decider.evolve(state, event);
  return decider.decide(command, state);
}

/** The CatalogError the command is refused with. */
function refusal(run: () => unknown): CatalogError {
  try {
    run();
  } catch (error) {
    if (error instanceof CatalogError) return error;
    throw error;
  }
  throw new Error('expected a CatalogError');
}

const createTable = (overrides: Parameters<typeof table>[0] = {}): TableCommand => ({
  type: 'CreateTable',
  table: table(overrides),
  now: NOW,
});
const batch = (partitions: ReturnType<typeof partition>[]): TableCommand => ({
  type: 'BatchCreatePartitions',
  ifNotExist: false,
  partitions,
});
const remove = (...partitionValues: string[][]): TableCommand => ({
  type: 'DeletePartitions',
  partitionValues,
});
const onTable = (command: TableCommand, history: TableCommand[] = [createTable()]) =>
  refusal(() => decide(tableDecider, history, command));

describe('table decider: what a refusal tells the client', () => {
  it('names the missing table, the batch bounds and the partition-key mismatch', () => {
    expect(onTable(batch([partition(['d1', 'eu'])]), []).message).toBe('The table does not exist.');
    const empty = onTable(batch([]));
    expect([empty.message, empty.details]).toEqual([
      'Invalid partitions: must contain 1 to 100 partitions.',
      { field: 'partitions' },
    ]);
    const many = Array.from({ length: 101 }, (_, i) => [`d${i}`, 'eu']);
    const tooMany = onTable(remove(...many));
    expect([tooMany.code, tooMany.message, tooMany.details]).toEqual([
      'BATCH_TOO_LARGE',
      'At most 100 partitions can be handled in one call, got 101.',
      { count: 101, max: 100 },
    ]);
    expect(onTable(remove()).details).toEqual({ field: 'partition_values_list' });
    const mismatch = onTable(batch([partition(['d1'])]));
    expect([mismatch.message, mismatch.details]).toEqual([
      'partitions[0].partition_values has 1 values but table sales has 2 partition keys.',
      { field: 'partitions[0].partition_values', expected: 2, actual: 1 },
    ]);
    expect(onTable(remove(['d1'])).details).toMatchObject({ field: 'partition_values_list[0]' });
    const unpartitioned = onTable(batch([partition(['d1'])]), [createTable({ partitionKeys: [] })]);
    expect([unpartitioned.code, unpartitioned.message]).toEqual([
      'TABLE_NOT_PARTITIONED',
      'Table sales has no partition keys.',
    ]);
  });

  it('names the fields of a table it refuses', () => {
    const type = onTable(createTable({ tableType: 'TEMPORARY' as 'EXTERNAL_TABLE' }), []);
    expect([type.message, type.details]).toEqual([
      'Invalid table_type: must be one of MANAGED_TABLE, EXTERNAL_TABLE, VIRTUAL_VIEW, MATERIALIZED_VIEW.',
      { field: 'table_type' },
    ]);
    expect(onTable(createTable({ description: 'x'.repeat(4001) }), []).details).toEqual({
      field: 'description',
    });
    expect(onTable(createTable({ partitionKeys: [{ name: 'd t', type: 'int' }] }), []).details).toEqual({
      field: 'partition_keys[0].column_name',
    });
    expect(onTable(createTable({ storage: storage({ location: 'x'.repeat(4001) }) }), []).details).toEqual({
      field: 'storage_descriptor.location',
    });
  });

  it('finds a column defined twice whatever its case, naming it as the table spells it in lower case', () => {
    const twice = onTable(createTable({ partitionKeys: [{ name: 'C1', type: 'string' }] }), []);
    expect([twice.message, twice.details]).toEqual([
      'Invalid partition_keys: column c1 is defined twice.',
      { field: 'partition_keys' },
    ]);
  });

  it('says which table, and which partition, already exists or is missing', () => {
    const exists = onTable(createTable());
    expect([exists.message, exists.details]).toEqual(['Table sales already exists.', { tableName: 'sales' }]);
    const p = partition(['d1', 'eu']);
    expect(onTable(batch([p]), [createTable(), batch([p])]).message).toBe(
      'Partition ["d1","eu"] already exists.',
    );
    const missing = onTable(remove(['d9', 'eu']));
    expect([missing.message, missing.details]).toEqual([
      'Partition ["d9","eu"] does not exist.',
      { values: ['d9', 'eu'] },
    ]);
  });

  it('names the partition a bad time or a bad storage descriptor is in', () => {
    const ok = partition(['d1', 'eu']);
    const bad = partition(['d2', 'eu'], { createTime: 'yesterday' });
    expect(onTable(batch([ok, bad])).details).toEqual({ field: 'partitions[1].create_time' });
  });

  it(`accepts a partition of exactly ${MAX_PARTITION_JSON_LENGTH} characters of JSON, not one more`, () => {
    const sized = (length: number) => {
      const base = partition(['d1', 'eu'], { parameters: {} });
      const parameters: Record<string, string> = {};
      const measure = () => jsonLength(checkPartition({ ...base, parameters }, 'p'));
      // Parameters of 3,900 characters until one more would pass the length, then one that fills it.
      for (let i = 0; measure() + 3910 < length; i++)
        parameters[`k${String(i).padStart(3, '0')}`] = 'x'.repeat(3900);
      parameters.last = '';
      parameters.last = 'x'.repeat(length - measure());
      expect(measure()).toBe(length);
      return { ...base, parameters };
    };
    expect(decide(tableDecider, [createTable()], batch([sized(MAX_PARTITION_JSON_LENGTH)]))).toHaveLength(1);
    const tooLarge = onTable(batch([sized(MAX_PARTITION_JSON_LENGTH + 1)]));
    expect([tooLarge.message, tooLarge.details]).toEqual([
      `Invalid partitions[0]: must be at most ${MAX_PARTITION_JSON_LENGTH} characters of JSON.`,
      { field: 'partitions[0]' },
    ]);
  });

  it('throws on a command or an event outside its unions', () => {
    const state = tableDecider.initialState();
    expect(() => tableDecider.decide({ type: 'Bogus' } as never, state)).toThrow('unhandled case');
    expect(() => tableDecider.evolve(state, { type: 'Bogus' } as never as TableEvent)).toThrow(
      'unhandled case',
    );
  });
});

describe('catalog registry: what a refusal tells the client', () => {
  const createCatalog: CatalogRegistryCommand = {
    type: 'CreateCatalog',
    catalogId: 'cat-1',
    catalogName: 'hive',
    now: NOW,
  };
  const createDatabase = (overrides: Partial<CatalogRegistryCommand> = {}): CatalogRegistryCommand =>
    ({
      type: 'CreateDatabase',
      catalogName: 'hive',
      databaseId: 'db-1',
      databaseName: 'dw',
      now: NOW,
      ...overrides,
    }) as CatalogRegistryCommand;
  const registry = (history: CatalogRegistryCommand[], command: CatalogRegistryCommand) =>
    refusal(() => decide(catalogRegistryDecider, history, command));
  const stateOf = (history: CatalogRegistryCommand[]) => decideAll(catalogRegistryDecider, history).state;

  it('names the catalog or database that is missing or already exists', () => {
    const noCatalog = registry([], createDatabase());
    expect([noCatalog.message, noCatalog.details]).toEqual([
      'Catalog hive does not exist.',
      { catalogName: 'hive' },
    ]);
    const catalogTwice = registry([createCatalog], createCatalog);
    expect([catalogTwice.message, catalogTwice.details]).toEqual([
      'Catalog hive already exists.',
      { catalogName: 'hive' },
    ]);
    const databaseTwice = registry([createCatalog, createDatabase()], createDatabase());
    expect([databaseTwice.message, databaseTwice.details]).toEqual([
      'Database dw already exists.',
      { catalogName: 'hive', databaseName: 'dw' },
    ]);
    const noDatabase = refusal(() => findDatabase(stateOf([createCatalog]), 'hive', 'nope'));
    expect([noDatabase.code, noDatabase.message, noDatabase.details]).toEqual([
      'DATABASE_NOT_FOUND',
      'Database nope does not exist in catalog hive.',
      { catalogName: 'hive', databaseName: 'nope' },
    ]);
  });

  it('names the text field that is too long', () => {
    const long = 'x'.repeat(4001);
    expect(registry([], { ...createCatalog, description: long }).details).toEqual({ field: 'description' });
    expect(registry([createCatalog], createDatabase({ description: long })).details).toEqual({
      field: 'description',
    });
    expect(registry([createCatalog], createDatabase({ location: long } as never)).details).toEqual({
      field: 'location',
    });
  });

  it('throws on a command or an event outside its unions', () => {
    const state = catalogRegistryDecider.initialState();
    expect(() => catalogRegistryDecider.decide({ type: 'Bogus' } as never, state)).toThrow('unhandled case');
    expect(() =>
      catalogRegistryDecider.evolve(state, { type: 'Bogus' } as never as CatalogRegistryEvent),
    ).toThrow('unhandled case');
  });
});
