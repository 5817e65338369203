import { ProjectionRegistry } from '@engine/kernel';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import {
  DETACHED_PROJECTION,
  FROZEN_PROJECTION,
  PARTS_PROJECTION,
  SystemTablesReader,
  TableOverview,
  TableOverviewReader,
} from '../read-models';
import { GetTableOverviewQuery, SelectSystemTableQuery } from './mergetree.queries';

@QueryHandler(SelectSystemTableQuery)
export class SelectSystemTableQueryHandler implements IQueryHandler<SelectSystemTableQuery, unknown[][]> {
  constructor(
    private readonly reader: SystemTablesReader,
    private readonly projections: ProjectionRegistry,
  ) {}

  async execute({ request }: SelectSystemTableQuery): Promise<unknown[][]> {
    await this.projections.caughtUp([request.table.projection]);
    return this.reader.read(request);
  }
}

@QueryHandler(GetTableOverviewQuery)
export class GetTableOverviewQueryHandler implements IQueryHandler<
  GetTableOverviewQuery,
  TableOverview | undefined
> {
  constructor(
    private readonly reader: TableOverviewReader,
    private readonly projections: ProjectionRegistry,
  ) {}

  async execute({ tenant, database, table }: GetTableOverviewQuery): Promise<TableOverview | undefined> {
    await this.projections.caughtUp([PARTS_PROJECTION, DETACHED_PROJECTION, FROZEN_PROJECTION]);
    return this.reader.read(tenant, database, table);
  }
}
