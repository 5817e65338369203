import { AggregateLoader, ProjectionRegistry } from '@engine/kernel';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { CatalogEntry, CatalogError, catalogRegistryDecider, DatabaseEntry, findDatabase } from '../domain';
import { CATALOG_PARTITIONS, CatalogTablesReader, TablePage } from '../read-models';
import { registryStream, tableStream } from './catalog.streams';

/** The catalogs of one instance, by name (an instance holds few: LakeFormation lists them unpaged). */
export class ListCatalogsQuery extends Query<CatalogEntry[]> {
  constructor(
    readonly tenant: string,
    readonly instanceId: string,
  ) {
    super();
  }
}

export interface DatabasePage {
  catalog: CatalogEntry;
  databases: DatabaseEntry[];
  nextMarker?: string;
}

export class ListDatabasesQuery extends Query<DatabasePage> {
  constructor(
    readonly tenant: string,
    readonly instanceId: string,
    readonly catalogName: string,
    readonly limit: number,
    readonly marker?: string,
  ) {
    super();
  }
}

export class ListTablesQuery extends Query<TablePage> {
  constructor(
    readonly tenant: string,
    readonly instanceId: string,
    readonly catalogName: string,
    readonly databaseName: string,
    readonly limit: number,
    readonly marker?: string,
  ) {
    super();
  }
}

const byName = <T>(entries: Iterable<T>, name: (t: T) => string) =>
  [...entries].sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));

async function registry(loader: AggregateLoader, tenant: string, instanceId: string) {
  return (await loader.load(registryStream(tenant, instanceId), catalogRegistryDecider)).state;
}

function catalogNamed(catalogs: ReadonlyMap<string, CatalogEntry>, name: string): CatalogEntry {
  const catalog = catalogs.get(name);
  if (!catalog)
    throw new CatalogError('CATALOG_NOT_FOUND', `Catalog ${name} does not exist.`, { catalogName: name });
  return catalog;
}

@QueryHandler(ListCatalogsQuery)
export class ListCatalogsQueryHandler implements IQueryHandler<ListCatalogsQuery> {
  constructor(private readonly loader: AggregateLoader) {}

  async execute({ tenant, instanceId }: ListCatalogsQuery): Promise<CatalogEntry[]> {
    const { catalogs } = await registry(this.loader, tenant, instanceId);
    return byName(catalogs.values(), (c) => c.catalogName);
  }
}

@QueryHandler(ListDatabasesQuery)
export class ListDatabasesQueryHandler implements IQueryHandler<ListDatabasesQuery> {
  constructor(private readonly loader: AggregateLoader) {}

  async execute({
    tenant,
    instanceId,
    catalogName,
    limit,
    marker,
  }: ListDatabasesQuery): Promise<DatabasePage> {
    const catalog = catalogNamed((await registry(this.loader, tenant, instanceId)).catalogs, catalogName);
    const after = marker === undefined ? '' : Buffer.from(marker, 'base64url').toString('utf8');
    const rest = byName(catalog.databases.values(), (d) => d.databaseName).filter(
      (d) => d.databaseName > after,
    );
    const databases = rest.slice(0, limit);
    return {
      catalog,
      databases,
      ...(rest.length > limit
        ? { nextMarker: Buffer.from(databases[databases.length - 1].databaseName).toString('base64url') }
        : {}),
    };
  }
}

@QueryHandler(ListTablesQuery)
export class ListTablesQueryHandler implements IQueryHandler<ListTablesQuery> {
  constructor(
    private readonly loader: AggregateLoader,
    private readonly projections: ProjectionRegistry,
  ) {}

  async execute(q: ListTablesQuery): Promise<TablePage> {
    findDatabase(await registry(this.loader, q.tenant, q.instanceId), q.catalogName, q.databaseName);
    await this.projections.caughtUp([CATALOG_PARTITIONS]);
    // The stream of a table named '' is exactly the database's prefix plus '/': every table's stream starts so.
    const prefix = tableStream(q.tenant, { ...q, tableName: '' });
    return new CatalogTablesReader(this.projections.database(CATALOG_PARTITIONS)).page(
      prefix,
      q.limit,
      q.marker,
    );
  }
}
