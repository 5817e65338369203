import { assertNever, Decider } from '@engine/kernel/domain';
import { CatalogError } from './catalog.errors';
import { CatalogRegistryCommand, CatalogRegistryEvent } from './catalog-registry.events';
import { CatalogName, checkText, DatabaseName } from './names.value-object';

export interface DatabaseEntry {
  readonly databaseId: string;
  readonly databaseName: string;
  readonly description?: string;
  readonly location?: string;
  readonly createdAt: string;
}

export interface CatalogEntry {
  readonly catalogId: string;
  readonly catalogName: string;
  readonly description?: string;
  readonly createdAt: string;
  readonly databases: ReadonlyMap<string, DatabaseEntry>;
}

/** The catalogs and databases of one LakeFormation instance. */
export interface CatalogRegistryState {
  readonly catalogs: ReadonlyMap<string, CatalogEntry>;
}

function requireCatalog(state: CatalogRegistryState, catalogName: string): CatalogEntry {
  const catalog = state.catalogs.get(catalogName);
  if (!catalog) {
    throw new CatalogError('CATALOG_NOT_FOUND', `Catalog ${catalogName} does not exist.`, { catalogName });
  }
  return catalog;
}

/** Resolves a database by name, for commands on tables that need the parents' ids. */
export function findDatabase(
  state: CatalogRegistryState,
  catalogName: string,
  databaseName: string,
): { catalog: CatalogEntry; database: DatabaseEntry } {
  const catalog = requireCatalog(state, catalogName);
  const database = catalog.databases.get(databaseName);
  if (!database) {
    throw new CatalogError(
      'DATABASE_NOT_FOUND',
      `Database ${databaseName} does not exist in catalog ${catalogName}.`,
      {
        catalogName,
        databaseName,
      },
    );
  }
  return { catalog, database };
}

function decide(command: CatalogRegistryCommand, state: CatalogRegistryState): CatalogRegistryEvent[] {
  switch (command.type) {
    case 'CreateCatalog': {
      CatalogName.check(command.catalogName);
      checkText(command.description, 'description');
      if (state.catalogs.has(command.catalogName)) {
        throw new CatalogError('CATALOG_ALREADY_EXISTS', `Catalog ${command.catalogName} already exists.`, {
          catalogName: command.catalogName,
        });
      }
      const { catalogId, catalogName, description, now } = command;
      return [
        {
          type: 'CatalogCreated',
          data: { schemaVersion: 1, catalogId, catalogName, description, createdAt: now },
        },
      ];
    }
    case 'CreateDatabase': {
      CatalogName.check(command.catalogName);
      DatabaseName.check(command.databaseName);
      checkText(command.description, 'description');
      checkText(command.location, 'location');
      const catalog = requireCatalog(state, command.catalogName);
      if (catalog.databases.has(command.databaseName)) {
        throw new CatalogError(
          'DATABASE_ALREADY_EXISTS',
          `Database ${command.databaseName} already exists.`,
          {
            catalogName: command.catalogName,
            databaseName: command.databaseName,
          },
        );
      }
      const { databaseId, databaseName, description, location, now } = command;
      return [
        {
          type: 'DatabaseCreated',
          data: {
            schemaVersion: 1,
            catalogId: catalog.catalogId,
            catalogName: catalog.catalogName,
            databaseId,
            databaseName,
            description,
            location,
            createdAt: now,
          },
        },
      ];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: CatalogRegistryState, event: CatalogRegistryEvent): CatalogRegistryState {
  switch (event.type) {
    case 'CatalogCreated': {
      const { catalogId, catalogName, description, createdAt } = event.data;
      const catalogs = new Map(state.catalogs);
      catalogs.set(catalogName, { catalogId, catalogName, description, createdAt, databases: new Map() });
      return { catalogs };
    }
    case 'DatabaseCreated': {
      const { catalogName, databaseId, databaseName, description, location, createdAt } = event.data;
      const catalog = requireCatalog(state, catalogName);
      const databases = new Map(catalog.databases);
      databases.set(databaseName, { databaseId, databaseName, description, location, createdAt });
      const catalogs = new Map(state.catalogs);
      catalogs.set(catalogName, { ...catalog, databases });
      return { catalogs };
    }
    default:
      return assertNever(event);
  }
}

export const catalogRegistryDecider: Decider<
  CatalogRegistryState,
  CatalogRegistryCommand,
  CatalogRegistryEvent
> = {
  initialState: () => ({ catalogs: new Map() }),
  decide,
  evolve,
};
