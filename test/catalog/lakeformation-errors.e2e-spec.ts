import { EVENT_STORE, EventStore } from '@engine/eventstore';
import { keys, startEngine, TestEngine } from '../support/engine-harness';
import { LakeFormationClient, partitionInput, storageDescriptor, TablePath } from './lakeformation-client';

const t: TablePath = { catalog: 'hive', database: 'dw', table: 'sales' };
const errorShape = {
  error_code: expect.any(String),
  error_msg: expect.any(String),
  solution_msg: expect.any(String),
};

describe('LakeFormation routes: every error status, in the LakeFormation shape, storing nothing', () => {
  let engine: TestEngine;
  let lf: LakeFormationClient;
  let head: () => Promise<bigint>;

  beforeAll(async () => {
    engine = await startEngine();
    lf = new LakeFormationClient(engine);
    await lf.createTableWithKeys(t, ['dt', 'region']);
    const r = await lf.createTable(t.catalog, t.database, {
      table_name: 'flat',
      table_type: 'MANAGED_TABLE',
    });
    expect(r.status).toBe(201);
    const store = engine.app!.get<EventStore>(EVENT_STORE);
    head = () => store.headPosition();
  });
  afterAll(() => engine.close());

  /** Sends a request that must fail with `status` and leave the event store untouched. */
  async function refused(
    request: Promise<{ status: number; json: unknown; text: string }>,
    status: number,
    code?: string,
  ) {
    const before = await head();
    const response = await request;
    expect(response.status).toBe(status);
    expect(response.json).toEqual(expect.objectContaining(errorShape));
    if (code) expect((response.json as { error_code: string }).error_code).toBe(code);
    expect(response.text).not.toMatch(/\bat .*\.(ts|js):\d+/);
    expect(await head()).toBe(before);
    return response.json as { error_code: string; error_msg: string };
  }

  it('401 without a token or with an unknown one', async () => {
    const body = { if_not_exist: false, partitions: [partitionInput(['d', 'eu'])] };
    const missing = await refused(lf.as(null).batchCreate(t, body), 401, 'APIG.1002');
    expect(missing.error_msg).toBe('Incorrect token or token resolution failed');
    await refused(lf.as('not-a-key').batchCreate(t, body), 401, 'APIG.1002');
  });

  it('403 for a token of another project, and for a reader changing something', async () => {
    const body = { if_not_exist: false, partitions: [partitionInput(['d', 'eu'])] };
    const other = await refused(lf.as(keys.otherTenant).batchCreate(t, body), 403, '403');
    expect(other).toMatchObject({ title: 'Forbidden', error: { code: '403', title: 'Forbidden' } });
    await refused(lf.as(keys.otherTenant, 'globex').list(t), 404);
    await refused(lf.as(keys.reader).batchCreate(t, body), 403, '403');
    expect((await lf.as(keys.reader).list(t)).status).toBe(200);
  });

  it('404 for an unknown catalog, database or table', async () => {
    const body = { if_not_exist: false, partitions: [partitionInput(['d', 'eu'])] };
    // BEHAVIOUR.md §6: each missing level has its own message.
    const table = await refused(lf.batchCreate({ ...t, table: 'nope' }, body), 404, 'common.00000404');
    expect(table.error_msg).toBe('The table does not exist.');
    const catalog = await refused(lf.batchCreate({ ...t, catalog: 'nope' }, body), 404, 'common.00000404');
    expect(catalog.error_msg).toBe('Catalog nope does not exist.');
    const database = await refused(lf.list({ ...t, database: 'nope' }), 404, 'common.00000404');
    expect(database.error_msg).toBe(`Database nope does not exist in catalog ${t.catalog}.`);
    const deleted = await refused(lf.batchDelete({ ...t, catalog: 'nope' }, [['d', 'eu']]), 404);
    expect(deleted.error_msg).toBe('Catalog nope does not exist.');
    await refused(lf.createDatabase('nope', 'db'), 404, 'common.00000404');
    await refused(lf.createTable(t.catalog, 'nope', { table_name: 'x' }), 404, 'common.00000404');
  });

  it('400 for type mismatches, missing fields and malformed JSON', async () => {
    const bad = [
      { if_not_exist: 'maybe', partitions: [partitionInput(['d', 'eu'])] },
      { partitions: [partitionInput(['d', 'eu'])] },
      { if_not_exist: false, partitions: {} },
      { if_not_exist: false, partitions: [partitionInput(['d', 'eu'], { partition_values: 'd' })] },
      { if_not_exist: false, partitions: [partitionInput(['d', 'eu'], { create_time: 42 })] },
      { if_not_exist: false, partitions: [partitionInput(['d', 'eu'], { parameters: { k: 1 } })] },
      {
        if_not_exist: false,
        partitions: [
          partitionInput(['d', 'eu'], { storage_descriptor: storageDescriptor({ compressed: 'yes' }) }),
        ],
      },
      {
        if_not_exist: false,
        partitions: [
          partitionInput(['d', 'eu'], { storage_descriptor: storageDescriptor({ serde_info: undefined }) }),
        ],
      },
      {
        if_not_exist: false,
        partitions: [
          partitionInput(['d', 'eu'], { storage_descriptor: storageDescriptor({ number_of_buckets: 1.5 }) }),
        ],
      },
      [],
    ];
    for (const body of bad) {
      const error = await refused(lf.batchCreate(t, body), 400, 'common.01000001');
      expect(error.error_msg).toMatch(
        /^failed to read http request, please check your input, code: 400, reason: /,
      );
    }
    await refused(
      lf.send('POST', `${lf.partitionsPath(t)}/batch-create`, undefined, '{"if_not_exist": fal'),
      400,
      'common.01000001',
    );
  });

  it('400 for rule violations: names, column types, sort order, parameter sizes, times', async () => {
    const sd = (o: Record<string, unknown>) => ({ storage_descriptor: storageDescriptor(o) });
    const bad = [
      partitionInput(['d', 'eu'], sd({ columns: [{ column_name: 'a b', column_type: 'string' }] })),
      partitionInput(['d', 'eu'], sd({ columns: [{ column_name: 'c'.repeat(768), column_type: 'string' }] })),
      partitionInput(
        ['d', 'eu'],
        sd({ columns: [{ column_name: 'c', column_type: 'int', comment: 'x'.repeat(4001) }] }),
      ),
      partitionInput(['d', 'eu'], sd({ sort_columns: [{ column: 'c1', sort_order: 2 }] })),
      partitionInput(['d', 'eu'], sd({ parameters: { ['k'.repeat(256)]: 'v' } })),
      partitionInput(['d', 'eu'], sd({ serde_info: { parameters: { k: 'v'.repeat(4001) } } })),
      partitionInput(['d', 'eu'], { parameters: { '': 'v' } }),
      partitionInput(['d', 'eu'], { create_time: '26/05/2023' }),
    ];
    for (const p of bad)
      await refused(lf.batchCreate(t, { if_not_exist: true, partitions: [p] }), 400, 'common.01000001');
    // BEHAVIOUR.md §6: a column type outside the list has its own code.
    const badType = partitionInput(['d', 'eu'], sd({ columns: [{ column_name: 'c', column_type: 'text' }] }));
    const wrongType = await refused(
      lf.batchCreate(t, { if_not_exist: true, partitions: [badType] }),
      400,
      'common.00000013',
    );
    expect(wrongType.error_msg).toMatch(/column type input is wrong/);
    const body = { if_not_exist: false, partitions: [partitionInput(['d', 'eu'])] };
    await refused(lf.batchCreate({ ...t, table: 'bad.name' }, body), 400, 'common.01000001');
    await refused(lf.batchCreate({ ...t, catalog: 'bad-catalog' }, body), 400, 'common.01000001');
    await refused(lf.createCatalog('x'.repeat(257)), 400, 'common.01000001');
    await refused(
      lf.createTable(t.catalog, t.database, { table_name: 'x', table_type: 'TEMP' }),
      400,
      'common.01000001',
    );
  });

  it('400 with the section-4 codes for values, unpartitioned tables, duplicates and batch size', async () => {
    const one = (values: string[]) => ({ if_not_exist: false, partitions: [partitionInput(values)] });
    await refused(lf.batchCreate(t, one(['only-dt'])), 400, 'common.00000012');
    await refused(lf.batchCreate({ ...t, table: 'flat' }, one(['x'])), 400, 'common.00000011');
    const twice = {
      if_not_exist: false,
      partitions: [partitionInput(['d', 'eu']), partitionInput(['d', 'eu'])],
    };
    await refused(lf.batchCreate(t, twice), 400, 'common.00000003');
    const many = Array.from({ length: 101 }, (_, i) => partitionInput([`d${i}`, 'eu']));
    await refused(lf.batchCreate(t, { if_not_exist: false, partitions: many }), 400, 'common.00000004');
    await refused(lf.createCatalog(t.catalog), 400, 'common.00000003');
    await refused(lf.list(t, '?limit=0'), 400, 'common.01000001');
    expect(await lf.listAll(t)).toEqual([]);
  });
});
