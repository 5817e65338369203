import { auditFamily, touched } from '@engine/audit';
import { catalogRegistryDecider, tableDecider, tableSnapshotPolicy } from '../domain';

const tablePartition = touched('partition');
/** Audit view of a LakeFormation table stream: the partitions each event created or deleted. */
export const TABLE_AUDIT = auditFamily({
  category: 'lftable',
  description: 'LakeFormation table and its partitions (subject key: partition values joined by /)',
  decider: tableDecider,
  snapshot: tableSnapshotPolicy,
  describe: (event) => {
    switch (event.type) {
      case 'TableCreated':
        return [];
      case 'PartitionsCreated':
        return event.data.partitions.map((p) => tablePartition(p.values.join('/'), 'created', p));
      case 'PartitionsDeleted':
        return event.data.partitions.map((p) => tablePartition(p.values.join('/'), 'deleted', p));
    }
  },
});

const catalog = touched('catalog');
const database = touched('database');
/** Audit view of a catalog registry stream: the catalogs and databases created. */
export const CATALOG_REGISTRY_AUDIT = auditFamily({
  category: 'lfcatalog',
  description: 'LakeFormation catalogs and databases of one instance',
  decider: catalogRegistryDecider,
  describe: (event) => {
    switch (event.type) {
      case 'CatalogCreated':
        return [catalog(event.data.catalogName, 'created')];
      case 'DatabaseCreated':
        return [database(`${event.data.catalogName}/${event.data.databaseName}`, 'created')];
    }
  },
});
