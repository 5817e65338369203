import { inStream, ProjectionSpecification } from '@engine/testing';
import type Database from 'better-sqlite3';
import { NOW, partition, table } from '../../test/catalog.fixtures';
import type { TableEvent } from '../domain';
import { catalogPartitionsProjection } from './catalog-partitions.projection';
import { CatalogPartitionsReader } from './catalog-partitions.reader';

const SALES = 'lftable-acme/i1/hive/dw/sales';
const GLOBEX_SALES = 'lftable-globex/i1/hive/dw/sales';
const spec = ProjectionSpecification.for(catalogPartitionsProjection, { stream: SALES });

const tableCreated: TableEvent = {
  type: 'TableCreated',
  data: { schemaVersion: 1, ...table(), createdAt: NOW },
};
const created = (...values: string[][]): TableEvent => ({
  type: 'PartitionsCreated',
  data: { schemaVersion: 1, tableId: 'tbl-1', partitions: values.map((v) => partition(v)) },
});
const deleted = (...values: string[][]): TableEvent => ({
  type: 'PartitionsDeleted',
  data: {
    schemaVersion: 1,
    tableId: 'tbl-1',
    partitions: values.map((v) => ({ partitionId: `p-${v.join('-')}`, values: v })),
  },
});
/** The values of a table's partitions, as the LakeFormation ListPartitions page reads them. */
const values = (stream: string) => (db: Database.Database) =>
  new CatalogPartitionsReader(db).page(stream, 100)?.partitions.map((p) => p.values);

describe('catalog-partitions projection', () => {
  it('records the table (without the schema version) and its partitions with their storage', () => {
    const view = spec.given([tableCreated, created(['2024-01-02', 'eu'])]).view();
    const page = new CatalogPartitionsReader(view.db).page(SALES, 10);
    expect(page?.table).toEqual({ ...table(), createdAt: NOW });
    expect(page?.partitions).toEqual([partition(['2024-01-02', 'eu'])]);
    expect(view.rows('SELECT location FROM lf_partitions')).toEqual([
      { location: 'obs://bucket/table/2024-01-02/eu' },
    ]);
  });

  it('orders partitions by their values whatever the order they were created in', () => {
    spec
      .given([
        tableCreated,
        created(['2024-01-02', 'us'], ['2024-01-01', 'eu']),
        created(['2024-01-02', 'eu']),
      ])
      .thenQuery(values(SALES), [
        ['2024-01-01', 'eu'],
        ['2024-01-02', 'eu'],
        ['2024-01-02', 'us'],
      ]);
  });

  it('deleting partitions removes them by their values; a partition created again comes back', () => {
    const given = spec.given([tableCreated, created(['a', 'x'], ['b', 'x'])]);
    given.when([deleted(['a', 'x'])]).thenQuery(values(SALES), [['b', 'x']]);
    given.when([deleted(['a', 'x']), created(['a', 'x'])]).thenQuery(values(SALES), [
      ['a', 'x'],
      ['b', 'x'],
    ]);
  });

  it('keeps tenants apart: the same table name in another tenant is another table', () => {
    spec
      .given([
        tableCreated,
        inStream(GLOBEX_SALES, tableCreated),
        created(['a', 'x']),
        inStream(GLOBEX_SALES, created(['b', 'y'])),
      ])
      .when([deleted(['b', 'y'])])
      .thenQuery((db) => [values(SALES)(db), values(GLOBEX_SALES)(db)], [[['a', 'x']], [['b', 'y']]]);
  });

  it('stops on partitions of a table it never saw created (a diverged read model)', () => {
    spec.given([created(['a', 'x'])]).thenThrows(/before its TableCreated/);
  });

  it('a retried batch records the table once', () => {
    spec
      .given([])
      .whenRetried([tableCreated, created(['a', 'x'])])
      .then('SELECT count(*) AS tables FROM lf_tables', [{ tables: 1 }]);
  });
});
