import { ProjectionRegistry } from '@engine/kernel';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { CatalogError } from '../domain';
import { CATALOG_PARTITIONS, CatalogPartitionsReader, PartitionPage } from '../read-models';
import { TableRef, tableStream } from './catalog.streams';

export class ListPartitionsQuery extends Query<PartitionPage> {
  constructor(
    readonly tenant: string,
    readonly ref: TableRef,
    readonly limit: number,
    readonly marker?: string,
  ) {
    super();
  }
}

@QueryHandler(ListPartitionsQuery)
export class ListPartitionsHandler implements IQueryHandler<ListPartitionsQuery> {
  constructor(private readonly projections: ProjectionRegistry) {}

  async execute({ tenant, ref, limit, marker }: ListPartitionsQuery): Promise<PartitionPage> {
    await this.projections.caughtUp([CATALOG_PARTITIONS]);
    const reader = new CatalogPartitionsReader(this.projections.database(CATALOG_PARTITIONS));
    const page = reader.page(tableStream(tenant, ref), limit, marker);
    if (!page) throw new CatalogError('TABLE_NOT_FOUND', `Table ${ref.tableName} does not exist.`);
    return page;
  }
}
