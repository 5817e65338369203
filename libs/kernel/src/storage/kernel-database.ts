import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENGINE_CONFIG, EngineConfig } from '../config/engine-config';

/**
 * The kernel's own SQLite file (snapshots; idempotency lives in the event store). Everything in it can be
 * rebuilt or dropped: the event store stays the only source of truth.
 */
@Injectable()
export class KernelDatabase implements OnApplicationShutdown {
  readonly db: Database.Database;

  constructor(@Inject(ENGINE_CONFIG) config: EngineConfig) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    this.db = new Database(path.join(config.dataDir, 'kernel.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS snapshots (
        stream TEXT PRIMARY KEY, name TEXT NOT NULL, version INTEGER NOT NULL,
        revision INTEGER NOT NULL, state TEXT NOT NULL
      );
    `);
  }

  onApplicationShutdown(): void {
    if (this.db.open) this.db.close();
  }
}
