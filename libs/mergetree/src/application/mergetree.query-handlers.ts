import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { SystemTablesReader, TableOverview, TableOverviewReader } from '../read-models';
import { GetTableOverviewQuery, SelectSystemTableQuery } from './mergetree.queries';

@QueryHandler(SelectSystemTableQuery)
export class SelectSystemTableQueryHandler implements IQueryHandler<SelectSystemTableQuery, unknown[][]> {
  constructor(private readonly reader: SystemTablesReader) {}

  async execute({ request }: SelectSystemTableQuery): Promise<unknown[][]> {
    return this.reader.read(request);
  }
}

@QueryHandler(GetTableOverviewQuery)
export class GetTableOverviewQueryHandler implements IQueryHandler<
  GetTableOverviewQuery,
  TableOverview | undefined
> {
  constructor(private readonly reader: TableOverviewReader) {}

  async execute({ tenant, database, table }: GetTableOverviewQuery): Promise<TableOverview | undefined> {
    return this.reader.read(tenant, database, table);
  }
}
