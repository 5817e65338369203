import { ProjectionRegistry } from '@engine/kernel';
import { Injectable } from '@nestjs/common';
import { DETACHED_PROJECTION } from './detached.projection';
import { FROZEN_PROJECTION } from './frozen.projection';
import { PARTS_PROJECTION } from './parts.projection';

export interface TableOverview {
  database: string;
  table: string;
  engine: string;
  partitionKey: string;
  orderBy: string;
  storagePolicy: string;
  createdAt: string;
  activeParts: Record<string, unknown>[];
  detachedParts: Record<string, unknown>[];
  frozenBackups: {
    name: string;
    increment: number;
    partitionId: string | null;
    frozenAt: string;
    parts: string[];
  }[];
}

/** The native API's view of one table, from the three read models. */
@Injectable()
export class TableOverviewReader {
  constructor(private readonly projections: ProjectionRegistry) {}

  read(tenant: string, database: string, table: string): TableOverview | undefined {
    const key = [tenant, database, table];
    const parts = this.projections.database(PARTS_PROJECTION);
    const definition = parts
      .prepare(
        `SELECT engine, partition_key AS partitionKey, order_by AS orderBy, storage_policy AS storagePolicy, created_at AS createdAt
         FROM tables WHERE tenant = ? AND database = ? AND table_name = ?`,
      )
      .get(...key) as
      | Omit<TableOverview, 'database' | 'table' | 'activeParts' | 'detachedParts' | 'frozenBackups'>
      | undefined;
    if (!definition) return undefined;
    const activeParts = parts
      .prepare(
        `SELECT name, partition_id AS partitionId, partition, min_block AS minBlock, max_block AS maxBlock, level,
                mutation, rows, bytes_on_disk AS bytesOnDisk, disk, modified_at AS modifiedAt,
                EXISTS (SELECT 1 FROM frozen_parts f WHERE f.tenant = parts.tenant AND f.database = parts.database
                        AND f.table_name = parts.table_name AND f.name = parts.name) AS isFrozen
         FROM parts WHERE tenant = ? AND database = ? AND table_name = ? ORDER BY partition_id, min_block`,
      )
      .all(...key) as Record<string, unknown>[];
    const detachedParts = this.projections
      .database(DETACHED_PROJECTION)
      .prepare(
        `SELECT name, reason, partition_id AS partitionId, min_block AS minBlock, max_block AS maxBlock, level, rows,
                bytes_on_disk AS bytesOnDisk, disk, detached_at AS detachedAt
         FROM detached_parts WHERE tenant = ? AND database = ? AND table_name = ? ORDER BY partition_id, min_block, name`,
      )
      .all(...key) as Record<string, unknown>[];
    const frozen = this.projections.database(FROZEN_PROJECTION);
    const backups = frozen
      .prepare(
        `SELECT backup AS name, increment, partition_id AS partitionId, frozen_at AS frozenAt
         FROM backups WHERE tenant = ? AND database = ? AND table_name = ? ORDER BY increment`,
      )
      .all(...key) as Omit<TableOverview['frozenBackups'][number], 'parts'>[];
    const partsOf = frozen.prepare(
      'SELECT name FROM backup_parts WHERE tenant = ? AND database = ? AND table_name = ? AND backup = ? ORDER BY name',
    );
    const frozenBackups = backups.map((b) => ({
      ...b,
      parts: (partsOf.all(...key, b.name) as { name: string }[]).map((r) => r.name),
    }));
    return {
      database,
      table,
      ...definition,
      activeParts: activeParts.map((p) => ({ ...p, isFrozen: p.isFrozen === 1 })),
      detachedParts,
      frozenBackups,
    };
  }
}
