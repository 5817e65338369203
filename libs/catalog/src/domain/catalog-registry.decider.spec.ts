import { DomainError } from '@engine/kernel/domain';
import { DeciderSpecification } from '@engine/testing';
import { catalogRegistryDecider, findDatabase } from './catalog-registry.decider';
import { CatalogCreated, CatalogRegistryCommand, DatabaseCreated } from './catalog-registry.events';

const NOW = '2026-01-02T03:04:05.678Z';
const spec = DeciderSpecification.for(catalogRegistryDecider);
const refused = (code: string) => (e: Error) => e instanceof DomainError && e.code === code;

const catalogCreated: CatalogCreated = {
  type: 'CatalogCreated',
  data: { schemaVersion: 1, catalogId: 'cat-1', catalogName: 'hive', description: 'main', createdAt: NOW },
};
const databaseCreated: DatabaseCreated = {
  type: 'DatabaseCreated',
  data: {
    schemaVersion: 1,
    catalogId: 'cat-1',
    catalogName: 'hive',
    databaseId: 'db-1',
    databaseName: 'dw-1',
    location: 'obs://dw',
    createdAt: NOW,
  },
};
const createCatalog = (catalogName: string): CatalogRegistryCommand => ({
  type: 'CreateCatalog',
  catalogId: 'cat-1',
  catalogName,
  description: 'main',
  now: NOW,
});
const createDatabase = (databaseName: string): CatalogRegistryCommand => ({
  type: 'CreateDatabase',
  catalogName: 'hive',
  databaseId: 'db-1',
  databaseName,
  location: 'obs://dw',
  now: NOW,
});

describe('catalog registry decider', () => {
  it('creates a catalog', () => {
    spec.given([]).when(createCatalog('hive')).then([catalogCreated]);
  });

  it('refuses a catalog that exists', () => {
    spec.given([catalogCreated]).when(createCatalog('hive')).thenThrows(refused('CATALOG_ALREADY_EXISTS'));
  });

  it.each(['', 'has-hyphen', 'a b', 'x'.repeat(257)])('refuses the catalog name %p', (name) => {
    spec.given([]).when(createCatalog(name)).thenThrows(refused('INVALID_PARAMETER'));
  });

  it('accepts a catalog name of 256 characters', () => {
    expect(
      spec
        .given([])
        .when(createCatalog('x'.repeat(256)))
        .events(),
    ).toHaveLength(1);
  });

  it('creates a database under an existing catalog, carrying the catalog id', () => {
    spec.given([catalogCreated]).when(createDatabase('dw-1')).then([databaseCreated]);
  });

  it('refuses a database in an unknown catalog, a repeated one and bad names', () => {
    spec.given([]).when(createDatabase('dw')).thenThrows(refused('CATALOG_NOT_FOUND'));
    spec
      .given([catalogCreated, databaseCreated])
      .when(createDatabase('dw-1'))
      .thenThrows(refused('DATABASE_ALREADY_EXISTS'));
    spec
      .given([catalogCreated])
      .when(createDatabase('d'.repeat(129)))
      .thenThrows(refused('INVALID_PARAMETER'));
    spec.given([catalogCreated]).when(createDatabase('dw.1')).thenThrows(refused('INVALID_PARAMETER'));
  });

  it('resolves databases by name', () => {
    const state = spec.stateAfter([catalogCreated, databaseCreated]);
    expect(findDatabase(state, 'hive', 'dw-1')).toMatchObject({
      catalog: { catalogId: 'cat-1' },
      database: { databaseId: 'db-1' },
    });
    expect(() => findDatabase(state, 'hive', 'nope')).toThrow(
      expect.objectContaining({ code: 'DATABASE_NOT_FOUND' }),
    );
    expect(() => findDatabase(state, 'nope', 'dw-1')).toThrow(
      expect.objectContaining({ code: 'CATALOG_NOT_FOUND' }),
    );
  });
});
