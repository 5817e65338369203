import { Clock, ProjectionRegistry } from '@engine/kernel';
import { Injectable } from '@nestjs/common';
import type { SystemColumn, SystemTable } from './system-tables.catalog';

export interface SystemFilter {
  readonly column: SystemColumn;
  readonly operator: '=' | '!=' | 'in' | 'not in';
  readonly values: readonly (string | number | null)[];
}

export interface SystemTableRequest {
  readonly tenant: string;
  readonly table: SystemTable;
  readonly columns: readonly SystemColumn[];
  readonly where: readonly SystemFilter[];
  readonly orderBy: readonly { column: SystemColumn; descending: boolean }[];
  readonly limit?: number;
}

/** Runs a validated SELECT over system.parts / system.detached_parts; always within the caller's tenant. */
@Injectable()
export class SystemTablesReader {
  constructor(
    private readonly projections: ProjectionRegistry,
    private readonly clock: Clock,
  ) {}

  read(request: SystemTableRequest): unknown[][] {
    // A `from` that lists rows of its own (system.databases) binds the tenant in each `?`.
    const params: (string | number)[] = [
      ...(request.table.from.match(/\?/g) ?? []).map(() => request.tenant),
      request.tenant,
    ];
    const conditions = ['tenant = ?'];
    if (request.table.retentionMs !== undefined) {
      conditions.push('(removed_at IS NULL OR removed_at >= ?)');
      params.push(new Date(this.clock.now().getTime() - request.table.retentionMs).toISOString());
    }
    for (const filter of request.where) {
      const values = filter.values.filter((v): v is string | number => v !== null);
      // ClickHouse: comparing with NULL is never true.
      if (values.length < filter.values.length && filter.operator === '=') conditions.push('0');
      if (values.length === 0) {
        if (filter.operator === 'in') conditions.push('0');
        continue;
      }
      const negated = filter.operator === '!=' || filter.operator === 'not in';
      conditions.push(
        `(${filter.column.sql}) ${negated ? 'NOT IN' : 'IN'} (${values.map(() => '?').join(', ')})`,
      );
      params.push(...values);
    }
    const aggregate = request.columns.some((c) => c.sql === 'COUNT(*)');
    const order = request.orderBy.length
      ? request.orderBy.map((o) => `(${o.column.sql}) ${o.descending ? 'DESC' : 'ASC'}`).join(', ')
      : aggregate
        ? '1'
        : request.table.defaultOrder;
    const select = request.columns.map((c) => `(${c.sql})`).join(', ');
    const limit = request.limit === undefined ? '' : ` LIMIT ${request.limit}`;
    const sql = `SELECT ${select} FROM ${request.table.from} WHERE ${conditions.join(' AND ')} ORDER BY ${order}${limit}`;
    return this.projections
      .database(request.table.projection)
      .prepare(sql)
      .raw(true)
      .all(...params) as unknown[][];
  }
}
