import { startEngine, TestEngine } from '../support/engine-harness';
import seedExampleRequest from './fixtures/seed-batch-create-request.json';
import seedResponse from './fixtures/seed-batch-create-response.json';
import { LakeFormationClient, partitionInput, tableBody, TablePath } from './lakeformation-client';

const seedTable: TablePath = {
  catalog: 'catcd6a92bfc2c74a509dc8501b8124505c',
  database: 'db4cfc99ac3cea421abc157c7bd49f6f16',
  table: 'tblbb79f3733c0747adbb94981b412fe48f',
};

/** The seed's example request, carrying the three partitions (ten columns each) of its example response. */
function seedRequest() {
  return {
    if_not_exist: 'false',
    partitions: seedResponse.map(({ catalog_name: _c, database_name: _d, table_name: _t, ...partition }) => ({
      ...partition,
      create_time: '2023-05-30T09:06:41.372Z',
      last_access_time: '2023-05-30T09:06:41Z',
    })),
  };
}

describe('LakeFormation batch-create partitions (seed replay)', () => {
  let engine: TestEngine;
  let lf: LakeFormationClient;
  let created: { partition_values: string[] }[];

  beforeAll(async () => {
    engine = await startEngine();
    lf = new LakeFormationClient(engine);
    await lf.createTableWithKeys(seedTable, ['k1', 'k2']);
  });
  afterAll(() => engine.close());

  it('answers the seed example with 201 and the seed response, plus ids', async () => {
    const response = await lf.batchCreate(seedTable, seedRequest());
    expect(response.status).toBe(201);
    const body = response.json as { partition_values: string[]; partition_id: string }[];
    created = body;
    expect(body).toEqual(
      seedResponse.map((p) => ({
        ...p,
        catalog_id: expect.stringMatching(/^[0-9a-f]{32}$/),
        database_id: expect.stringMatching(/^[0-9a-f]{32}$/),
        table_id: expect.stringMatching(/^[0-9a-f]{32}$/),
        partition_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      })),
    );
    expect(new Set(body.map((p) => p.partition_id)).size).toBe(3);
  });

  it('accepts the seed example request verbatim (one partition key) and echoes it', async () => {
    const t = { ...seedTable, table: 'seed_example' };
    expect((await lf.createTable(t.catalog, t.database, tableBody(t.table, ['k']))).status).toBe(201);
    const response = await lf.batchCreate(t, seedExampleRequest);
    expect(response.status).toBe(201);
    const { create_time: _c, last_access_time: _l, ...echoed } = seedExampleRequest.partitions[0]!;
    expect(response.json).toEqual([
      expect.objectContaining({
        ...echoed,
        table_name: 'seed_example',
        create_time: '2023-05-26T08:03:42.267+00:00',
        last_access_time: '2023-05-26T08:03:42.267+00:00',
      }),
    ]);
  });

  it('lists what it created, ordered by values, and refuses the same batch again', async () => {
    const listed = await lf.list(seedTable);
    expect(listed.status).toBe(200);
    const { partitions, page_info } = listed.json as {
      partitions: { partition_values: string[] }[];
      page_info: unknown;
    };
    const byValues = (a: { partition_values: string[] }, b: { partition_values: string[] }) =>
      a.partition_values[0]! < b.partition_values[0]! ? -1 : 1;
    expect(partitions).toEqual([...created].sort(byValues));
    expect(page_info).toEqual({ next_marker: null, current_count: 3 });

    const again = await lf.batchCreate(seedTable, seedRequest());
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({ error_code: 'common.00000003' });
    expect((await lf.listAll(seedTable)).length).toBe(3);
  });

  it('skips existing partitions with if_not_exist=true and returns only the created ones', async () => {
    const batch = {
      if_not_exist: true,
      partitions: [seedRequest().partitions[0], partitionInput(['new', 'one'])],
    };
    const response = await lf.batchCreate(seedTable, batch);
    expect(response.status).toBe(201);
    expect((response.json as { partition_values: string[] }[]).map((p) => p.partition_values)).toEqual([
      ['new', 'one'],
    ]);
    const nothingNew = await lf.batchCreate(seedTable, { ...batch, if_not_exist: 'true' });
    expect(nothingNew.status).toBe(201);
    expect(nothingNew.json).toEqual([]);
    expect((await lf.listAll(seedTable)).length).toBe(4);
  });

  it('pages through a larger table in order', async () => {
    const t = { ...seedTable, table: 'paged' };
    await lf.createTable(t.catalog, t.database, {
      table_name: 'paged',
      partition_keys: [{ column_name: 'dt', column_type: 'string' }],
    });
    const values = Array.from({ length: 250 }, (_, i) => `2024-01-${String(i).padStart(3, '0')}`);
    for (let i = 0; i < values.length; i += 100) {
      const chunk = values.slice(i, i + 100).reverse();
      const r = await lf.batchCreate(t, {
        if_not_exist: false,
        partitions: chunk.map((v) => partitionInput([v])),
      });
      expect(r.status).toBe(201);
    }
    const listed = await lf.listAll(t, 70);
    expect(listed.map((p) => p.partition_values[0])).toEqual(values);
  });

  it('deletes partitions in batches, all or nothing', async () => {
    const missing = await lf.batchDelete(seedTable, [
      ['new', 'one'],
      ['no', 'such'],
    ]);
    expect(missing.status).toBe(404);
    expect((await lf.listAll(seedTable)).length).toBe(4);

    const deleted = await lf.batchDelete(seedTable, [['new', 'one']]);
    expect(deleted.status).toBe(200);
    expect(deleted.json).toEqual([
      expect.objectContaining({ table_name: seedTable.table, partition_values: ['new', 'one'] }),
    ]);
    expect((await lf.listAll(seedTable)).map((p) => p.partition_values)).not.toContainEqual(['new', 'one']);
  });
});
