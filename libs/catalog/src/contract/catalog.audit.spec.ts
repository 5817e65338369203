import type { CatalogRegistryEvent, TableEvent } from '../domain';
import { describeSubjectSamples, SubjectSample } from '../../../../test/audit/support/subject-samples';
import { CATALOG_REGISTRY_AUDIT, TABLE_AUDIT } from './catalog.audit';
import { CATALOG_REGISTRY_EVENT_SCHEMAS } from './catalog-registry.schemas';
import { CATALOG_TABLE_EVENT_SCHEMAS } from './table.schemas';

const TABLE_SAMPLES: Record<TableEvent['type'], SubjectSample> = {
  TableCreated: { data: {}, subjects: [] },
  PartitionsCreated: {
    data: { partitions: [{ values: ['2024', '01'] }] },
    subjects: ['partition:2024/01'],
  },
  PartitionsDeleted: {
    data: { partitions: [{ values: ['2024', '01'] }] },
    subjects: ['partition:2024/01'],
  },
};

const REGISTRY_SAMPLES: Record<CatalogRegistryEvent['type'], SubjectSample> = {
  CatalogCreated: { data: { catalogName: 'hive' }, subjects: ['catalog:hive'] },
  DatabaseCreated: {
    data: { catalogName: 'hive', databaseName: 'sales' },
    subjects: ['database:hive/sales'],
  },
};

describeSubjectSamples(TABLE_AUDIT, CATALOG_TABLE_EVENT_SCHEMAS, TABLE_SAMPLES);
describeSubjectSamples(CATALOG_REGISTRY_AUDIT, CATALOG_REGISTRY_EVENT_SCHEMAS, REGISTRY_SAMPLES);
