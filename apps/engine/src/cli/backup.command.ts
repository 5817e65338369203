import { SqliteEventStore } from '@engine/eventstore';
import { EngineConfig } from '@engine/kernel';
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError, EXIT, progressBar, requireEmbeddedStore } from './cli-support';

const EVENTS = 'events.sqlite';
const MANIFEST = 'backup.json';

interface BackupManifest {
  createdAt: string;
  /** Store head in the backup: every read-model checkpoint and snapshot in it is at or below. */
  head: string;
  files: string[];
}

/** SQLite files to copy, in order; the event store comes last (see backup). */
function sqliteFiles(dataDir: string): string[] {
  const top = fs
    .readdirSync(dataDir)
    .filter((f) => f.endsWith('.sqlite') && f !== EVENTS)
    .sort();
  const readDir = path.join(dataDir, 'read');
  const manifest = path.join(readDir, 'manifest.json');
  const read = fs.existsSync(manifest)
    ? Object.values(JSON.parse(fs.readFileSync(manifest, 'utf8')) as Record<string, string>).map((f) =>
        path.join('read', f),
      )
    : [];
  return [...top, ...read.filter((f) => fs.existsSync(path.join(dataDir, f))), EVENTS];
}

/**
 * Online backup of the embedded store with SQLite's backup API (better-sqlite3 `db.backup`), each
 * file a consistent snapshot while the engine keeps writing. Read models and the kernel database
 * (snapshots, idempotency records) are copied first and the event store last: the store only
 * grows, so every checkpoint and snapshot in the backup is covered by the events in it, and a
 * restored engine catches its read models up from there.
 */
export async function backup(config: EngineConfig, destination: string): Promise<number> {
  requireEmbeddedStore(config, 'backup');
  const dataDir = config.dataDir;
  if (!fs.existsSync(path.join(dataDir, EVENTS)))
    throw new CliError(`no event store at ${path.join(dataDir, EVENTS)}`, EXIT.usage);
  if (fs.existsSync(destination) && fs.readdirSync(destination).length > 0)
    throw new CliError(`${destination} exists and is not empty`, EXIT.usage);
  const read = path.join(dataDir, 'read', 'manifest.json');
  // The manifest first: it names the read-model files copied below.
  const manifestCopy = fs.existsSync(read) ? fs.readFileSync(read) : undefined;
  const files = sqliteFiles(dataDir);
  const bar = progressBar('backup', files.length);
  try {
    for (const [index, file] of files.entries()) {
      const target = path.join(destination, file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const db = new Database(path.join(dataDir, file), { fileMustExist: true });
      try {
        db.pragma('busy_timeout = 5000');
        await db.backup(target);
      } finally {
        db.close();
      }
      bar.update(index + 1, { unit: 'files' });
    }
  } finally {
    bar.stop();
  }
  if (manifestCopy) fs.writeFileSync(path.join(destination, 'read', 'manifest.json'), manifestCopy);
  const keys = path.join(dataDir, 'api-keys.json');
  if (fs.existsSync(keys)) fs.copyFileSync(keys, path.join(destination, 'api-keys.json'));
  const head = await headOf(path.join(destination, EVENTS));
  const manifest: BackupManifest = { createdAt: new Date().toISOString(), head: head.toString(), files };
  fs.writeFileSync(path.join(destination, MANIFEST), JSON.stringify(manifest, null, 2));
  process.stdout.write(`backed up ${files.length} files to ${destination} (store head ${head})\n`);
  return EXIT.ok;
}

/**
 * Restores a backup into DATA_DIR (the engine stopped). Refuses a data directory that already has
 * an event store unless `force`, which replaces its databases. Each file is checked first.
 */
export async function restore(config: EngineConfig, source: string, force: boolean): Promise<number> {
  requireEmbeddedStore(config, 'restore');
  const manifestFile = path.join(source, MANIFEST);
  if (!fs.existsSync(manifestFile))
    throw new CliError(`${source} is not a backup (no ${MANIFEST})`, EXIT.usage);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as BackupManifest;
  const dataDir = config.dataDir;
  if (fs.existsSync(path.join(dataDir, EVENTS)) && !force)
    throw new CliError(
      `${dataDir} already has an event store; stop the engine and pass --force to replace it`,
      EXIT.usage,
    );
  for (const file of manifest.files) {
    const db = new Database(path.join(source, file), { readonly: true, fileMustExist: true });
    try {
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new CliError(`${file} in the backup is damaged: ${String(check)}`);
    } finally {
      db.close();
    }
  }
  if (force) {
    fs.rmSync(path.join(dataDir, 'read'), { recursive: true, force: true });
    for (const f of fs.existsSync(dataDir) ? fs.readdirSync(dataDir) : [])
      if (/\.sqlite(-wal|-shm)?$/.test(f)) fs.rmSync(path.join(dataDir, f), { force: true });
  }
  const bar = progressBar('restore', manifest.files.length);
  try {
    for (const [index, file] of manifest.files.entries()) {
      const target = path.join(dataDir, file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(path.join(source, file), target);
      bar.update(index + 1, { unit: 'files' });
    }
  } finally {
    bar.stop();
  }
  for (const extra of ['read/manifest.json', 'api-keys.json']) {
    if (fs.existsSync(path.join(source, extra)))
      fs.copyFileSync(path.join(source, extra), path.join(dataDir, extra));
  }
  const head = await headOf(path.join(dataDir, EVENTS));
  if (head.toString() !== manifest.head)
    throw new CliError(`restored store head ${head}, backup says ${manifest.head}`);
  process.stdout.write(
    `restored ${manifest.files.length} files from ${source} into ${dataDir} (store head ${head})\n`,
  );
  return EXIT.ok;
}

async function headOf(file: string): Promise<bigint> {
  const store = new SqliteEventStore({ file, readonly: true });
  try {
    return await store.headPosition();
  } finally {
    await store.close();
  }
}
