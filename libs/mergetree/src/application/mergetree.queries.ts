import { Query } from '@nestjs/cqrs';
import type { SystemTableRequest, TableOverview } from '../read-models';

export class SelectSystemTableQuery extends Query<unknown[][]> {
  constructor(readonly request: SystemTableRequest) {
    super();
  }
}

export class GetTableOverviewQuery extends Query<TableOverview | undefined> {
  constructor(
    readonly tenant: string,
    readonly database: string,
    readonly table: string,
  ) {
    super();
  }
}
