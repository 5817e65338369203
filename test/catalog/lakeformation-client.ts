import { HttpResponse, keys, TENANT, TestEngine } from '../support/engine-harness';

/** Drives the LakeFormation routes of a test engine with X-Auth-Token, as LakeFormation clients do. */
export const INSTANCE = '2180518f-42b8-4947-b20b-adfc53981a25';

export interface TablePath {
  catalog: string;
  database: string;
  table: string;
}

export class LakeFormationClient {
  constructor(
    private readonly engine: TestEngine,
    private readonly token: string | null = keys.operator,
    private readonly project: string = TENANT,
  ) {}

  as(token: string | null, project = this.project): LakeFormationClient {
    return new LakeFormationClient(this.engine, token, project);
  }

  get base(): string {
    return `/v1/${this.project}/instances/${INSTANCE}/catalogs`;
  }

  tablesPath(catalog: string, database: string): string {
    return `${this.base}/${catalog}/databases/${database}/tables`;
  }

  partitionsPath(t: TablePath): string {
    return `${this.tablesPath(t.catalog, t.database)}/${t.table}/partitions`;
  }

  send(method: string, path: string, body?: unknown, rawBody?: string): Promise<HttpResponse> {
    const headers: Record<string, string> = this.token === null ? {} : { 'X-Auth-Token': this.token };
    if (rawBody !== undefined) headers['content-type'] = 'application/json';
    return this.engine.request(method, path, { body, rawBody, headers, key: null });
  }

  createCatalog(name: string) {
    return this.send('POST', this.base, { catalog_name: name, description: 'test catalog' });
  }

  createDatabase(catalog: string, name: string) {
    return this.send('POST', `${this.base}/${catalog}/databases`, {
      database_name: name,
      description: 'db',
      location: 'obs://db',
    });
  }

  createTable(catalog: string, database: string, body: unknown) {
    return this.send('POST', this.tablesPath(catalog, database), body);
  }

  batchCreate(t: TablePath, body: unknown) {
    return this.send('POST', `${this.partitionsPath(t)}/batch-create`, body);
  }

  batchDelete(t: TablePath, values: string[][]) {
    return this.send('POST', `${this.partitionsPath(t)}/batch-delete`, { partition_values_list: values });
  }

  list(t: TablePath, query = '') {
    return this.send('GET', `${this.partitionsPath(t)}${query}`);
  }

  /** Every partition of a table, following next_marker. */
  async listAll(t: TablePath, limit = 100): Promise<{ partition_values: string[] }[]> {
    const all: { partition_values: string[] }[] = [];
    let marker: string | null = null;
    do {
      const query: string = `?limit=${limit}${marker ? `&marker=${marker}` : ''}`;
      const page = await this.list(t, query);
      if (page.status !== 200) throw new Error(`list failed: ${page.status} ${page.text}`);
      const body = page.json as {
        partitions: { partition_values: string[] }[];
        page_info: { next_marker: string | null };
      };
      all.push(...body.partitions);
      marker = body.page_info.next_marker;
    } while (marker);
    return all;
  }

  /** A catalog, a database and a table with the given partition keys. */
  async createTableWithKeys(t: TablePath, partitionKeys: string[]): Promise<void> {
    for (const response of [
      await this.createCatalog(t.catalog),
      await this.createDatabase(t.catalog, t.database),
      await this.createTable(t.catalog, t.database, tableBody(t.table, partitionKeys)),
    ]) {
      if (response.status !== 201) throw new Error(`setup failed: ${response.status} ${response.text}`);
    }
  }
}

export function tableBody(table: string, partitionKeys: string[]) {
  return {
    table_name: table,
    table_type: 'EXTERNAL_TABLE',
    partition_keys: partitionKeys.map((k) => ({ column_name: k, column_type: 'string' })),
    storage_descriptor: { ...storageDescriptor(), columns: [{ column_name: 'c1', column_type: 'string' }] },
  };
}

export function storageDescriptor(overrides: Record<string, unknown> = {}) {
  return {
    columns: [{ column_type: 'string', column_name: 'c1', comment: 'string' }],
    location: 'obs://location/uri/',
    compressed: false,
    input_format: 'org.apache.hadoop.mapred.TextInputFormat',
    output_format: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    number_of_buckets: 0,
    bucket_columns: [],
    sort_columns: [{ column: 'c1', sort_order: 1 }],
    serde_info: {
      name: 'serde',
      serialization_library: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
      parameters: {},
    },
    parameters: { k: 'v' },
    stored_as_sub_directories: false,
    ...overrides,
  };
}

export function partitionInput(values: string[], overrides: Record<string, unknown> = {}) {
  return {
    partition_values: values,
    create_time: '2023-05-26T08:03:42.267Z',
    last_access_time: '2023-05-26T08:03:42.267Z',
    parameters: { additionalProp1: 'string' },
    storage_descriptor: storageDescriptor(),
    ...overrides,
  };
}
