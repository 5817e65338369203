import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';

export interface ProjectionChecksum {
  /** sha256 over every table but the checkpoint, rows in primary-key order. */
  checksum: string;
  rows: number;
  tables: string[];
}

interface ColumnInfo {
  name: string;
  pk: number;
}

/** Content checksum of a projection's database, independent of insertion order and file layout. */
export function projectionChecksum(db: Database.Database): ProjectionChecksum {
  const hash = createHash('sha256');
  const tables = db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_checkpoint' ORDER BY name",
    )
    .all()
    .map((t) => t.name);
  let rows = 0;
  for (const table of tables) {
    const columns = db.prepare<[], ColumnInfo>(`PRAGMA table_info(${quote(table)})`).all();
    const keys = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
    // Without a primary key, ordering by every column still gives one order for the same rows.
    const order = (keys.length > 0 ? keys : columns).map((c) => quote(c.name)).join(', ');
    hash.update(`table ${table} ${columns.map((c) => c.name).join(',')}\n`);
    for (const row of db
      .prepare(`SELECT * FROM ${quote(table)} ORDER BY ${order}`)
      .raw()
      .iterate()) {
      hash.update(
        JSON.stringify(row, (_key, value: unknown) =>
          Buffer.isBuffer(value) ? value.toString('hex') : value,
        ),
      );
      hash.update('\n');
      rows++;
    }
  }
  return { checksum: hash.digest('hex'), rows, tables };
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
