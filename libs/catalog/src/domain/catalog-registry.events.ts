import { DomainEvent } from '@engine/kernel/domain';

export type CatalogCreated = DomainEvent<
  'CatalogCreated',
  { schemaVersion: 1; catalogId: string; catalogName: string; description?: string; createdAt: string }
>;

export type DatabaseCreated = DomainEvent<
  'DatabaseCreated',
  {
    schemaVersion: 1;
    catalogId: string;
    catalogName: string;
    databaseId: string;
    databaseName: string;
    description?: string;
    location?: string;
    createdAt: string;
  }
>;

export type CatalogRegistryEvent = CatalogCreated | DatabaseCreated;

export interface CreateCatalog {
  readonly type: 'CreateCatalog';
  readonly catalogId: string;
  readonly catalogName: string;
  readonly description?: string;
  readonly now: string;
}

export interface CreateDatabase {
  readonly type: 'CreateDatabase';
  readonly catalogName: string;
  readonly databaseId: string;
  readonly databaseName: string;
  readonly description?: string;
  readonly location?: string;
  readonly now: string;
}

export type CatalogRegistryCommand = CreateCatalog | CreateDatabase;
