import { catalogRegistryDecider, EMPTY_STORAGE_DESCRIPTOR, tableDecider } from '../domain';
import { decideAll, expectDecidedEventsMatch } from '../../../../test/audit/support/event-contract';
import { CATALOG_REGISTRY_EVENT_SCHEMAS } from './catalog-registry.schemas';
import { CATALOG_TABLE_EVENT_SCHEMAS } from './table.schemas';

/**
 * The schemas against real events: this family's own decider runs a short lifecycle that emits
 * every event type, and every event it returns must match its type's JSON Schema. Adding an event
 * type: emit it here too (the spec fails until every type is covered).
 */

const NOW = '2026-01-02T03:04:05.000Z';

describe('lftable and lfcatalog events decided by the domain match the published JSON Schemas', () => {
  it('given a lifecycle emitting every event type, each event matches its schema', () => {
    const registry = decideAll(catalogRegistryDecider, [
      { type: 'CreateCatalog', catalogId: 'cat-1', catalogName: 'lake', description: 'the lake', now: NOW },
      {
        type: 'CreateDatabase',
        catalogName: 'lake',
        databaseId: 'db-1',
        databaseName: 'sales',
        location: 's3://lake/sales',
        now: NOW,
      },
    ]);
    expectDecidedEventsMatch(CATALOG_REGISTRY_EVENT_SCHEMAS, registry.events);

    const storage = { ...EMPTY_STORAGE_DESCRIPTOR, columns: [{ name: 'amount', type: 'bigint' }] };
    const spec = (dt: string) => ({
      partitionId: `p-${dt}`,
      values: [dt],
      createTime: NOW,
      lastAccessTime: NOW,
      parameters: {},
      storage,
    });
    const table = decideAll(tableDecider, [
      {
        type: 'CreateTable',
        table: {
          tableId: 't-1',
          tableName: 'orders',
          catalogId: 'cat-1',
          catalogName: 'lake',
          databaseId: 'db-1',
          databaseName: 'sales',
          tableType: 'EXTERNAL_TABLE',
          partitionKeys: [{ name: 'dt', type: 'string' }],
          storage,
        },
        now: NOW,
      },
      {
        type: 'BatchCreatePartitions',
        ifNotExist: false,
        partitions: [spec('2024-01-01'), spec('2024-01-02')],
      },
      { type: 'DeletePartitions', partitionValues: [['2024-01-01']] },
    ]);
    expectDecidedEventsMatch(CATALOG_TABLE_EVENT_SCHEMAS, table.events);
  });
});
