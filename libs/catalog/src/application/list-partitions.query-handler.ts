import { CommandPipeline, ProjectionRegistry } from '@engine/kernel';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { CatalogError } from '../domain';
import { CATALOG_PARTITIONS, CatalogPartitionsReader, PartitionPage } from '../read-models';
import { missingTableError, TableRef, tableStream } from './catalog.streams';

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
export class ListPartitionsQueryHandler implements IQueryHandler<ListPartitionsQuery> {
  constructor(
    private readonly projections: ProjectionRegistry,
    private readonly pipeline: CommandPipeline,
  ) {}

  async execute({ tenant, ref, limit, marker }: ListPartitionsQuery): Promise<PartitionPage> {
    await this.projections.caughtUp([CATALOG_PARTITIONS]);
    const reader = new CatalogPartitionsReader(this.projections.database(CATALOG_PARTITIONS));
    const page = reader.page(tableStream(tenant, ref), limit, marker);
    if (!page) {
      const missing = new CatalogError('TABLE_NOT_FOUND', 'The table does not exist.');
      throw await missingTableError(this.pipeline, tenant, ref, missing);
    }
    return page;
  }
}
