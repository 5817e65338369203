import type { RecordedEvent } from '@engine/eventstore';
import type { ProjectionDefinition } from '@engine/kernel';
import type Database from 'better-sqlite3';
import type { DetachedPartRecord, MergeTreeEvent } from '../domain';
import { tableOfStream } from './stream-table.parser';

export const DETACHED_PROJECTION = 'mergetree-detached';

/** The detached directory of every table, as system.detached_parts shows it. */
export const detachedProjection: ProjectionDefinition = {
  name: DETACHED_PROJECTION,
  source: { file: __filename, exportName: 'detachedProjection' },
  version: 1,
  filter: {
    categories: ['mergetree'],
    eventTypes: [
      'PartsDetached',
      'PartsAttached',
      'DetachedPartsDropped',
      'PartsFetched',
      'DetachedPartRegistered',
    ],
  },
  open(db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS detached_parts (
        tenant TEXT NOT NULL, database TEXT NOT NULL, table_name TEXT NOT NULL, name TEXT NOT NULL, reason TEXT NOT NULL,
        partition_id TEXT NOT NULL, min_block INTEGER NOT NULL, max_block INTEGER NOT NULL, level INTEGER NOT NULL,
        rows INTEGER NOT NULL, bytes_on_disk INTEGER NOT NULL, disk TEXT NOT NULL, detached_at TEXT NOT NULL,
        PRIMARY KEY (tenant, database, table_name, name));
      CREATE INDEX IF NOT EXISTS detached_by_partition ON detached_parts (tenant, database, table_name, partition_id);
    `);
    const insert =
      db.prepare(`INSERT OR REPLACE INTO detached_parts VALUES (@tenant, @database, @table, @name, @reason,
      @partitionId, @minBlock, @maxBlock, @level, @rows, @bytesOnDisk, @disk, @detachedAt)`);
    const remove = db.prepare(
      'DELETE FROM detached_parts WHERE tenant = ? AND database = ? AND table_name = ? AND name = ?',
    );

    return {
      apply(recorded: RecordedEvent) {
        const { tenant, database, table } = tableOfStream(recorded.streamName);
        const add = (d: DetachedPartRecord, detachedAt: string) =>
          insert.run({ tenant, database, table, ...d.part, name: d.name, reason: d.reason, detachedAt });
        const event = recorded as unknown as MergeTreeEvent;
        switch (event.type) {
          case 'PartsDetached':
            return event.data.parts.forEach((part) =>
              add(
                { name: event.data.detachedAs?.[part.name] ?? part.name, reason: '', part },
                event.data.detachedAt,
              ),
            );
          case 'PartsAttached':
            return event.data.parts.forEach(({ detachedName }) =>
              remove.run(tenant, database, table, detachedName),
            );
          case 'DetachedPartsDropped':
            return event.data.names.forEach((name) => remove.run(tenant, database, table, name));
          case 'PartsFetched':
            return event.data.parts.forEach((d) => add(d, recorded.metadata.occurredAt));
          case 'DetachedPartRegistered':
            return void add(event.data.detached, recorded.metadata.occurredAt);
          default:
            return;
        }
      },
    };
  },
};
