import type Database from 'better-sqlite3';
import { TableInfo } from '../domain';

export interface TablePage {
  tables: TableInfo[];
  /** Opaque marker of the next page; undefined on the last page. */
  nextMarker?: string;
}

/**
 * Tables of one database from the catalog-partitions projection's `lf_tables`, in name order:
 * their streams share the database's prefix, so a page is one range of the unique stream index.
 * The marker is the last table's stream, base64url-encoded.
 */
export class CatalogTablesReader {
  constructor(private readonly db: Database.Database) {}

  page(databasePrefix: string, limit: number, marker?: string): TablePage {
    const after = marker === undefined ? databasePrefix : Buffer.from(marker, 'base64url').toString('utf8');
    const rows = this.db
      .prepare<[string, string, string, number], { stream: string; info: string }>(
        'SELECT stream, info FROM lf_tables WHERE stream > ? AND stream >= ? AND stream < ? ORDER BY stream LIMIT ?',
      )
      .all(after, databasePrefix, `${databasePrefix}\u{10FFFF}`, limit + 1);
    const page = rows.slice(0, limit);
    return {
      tables: page.map((r) => JSON.parse(r.info) as TableInfo),
      ...(rows.length > limit
        ? { nextMarker: Buffer.from(page[page.length - 1].stream, 'utf8').toString('base64url') }
        : {}),
    };
  }
}
