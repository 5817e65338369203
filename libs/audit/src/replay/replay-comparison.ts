import { ProjectionRegistry } from '@engine/kernel';
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectionChecksum } from './projection-checksum';

export interface ProjectionComparison {
  name: string;
  eventsReplayed: number;
  eventsPerSecond: number;
  replayCheckpoint: string;
  replayChecksum: string;
  /** Absent when the live read model has no database file. */
  liveCheckpoint?: string;
  liveChecksum?: string;
  rows: number;
  equal: boolean;
  error?: string;
}

/**
 * Compares every projection rebuilt in `replay` with the live read database of the same name
 * under `liveReadDir` (file names from its manifest.json), opened read-only.
 */
export async function compareWithLive(
  replay: ProjectionRegistry,
  liveReadDir: string,
  elapsedMs: number,
): Promise<ProjectionComparison[]> {
  const manifest = readManifest(liveReadDir);
  const statuses = await replay.status();
  return replay.names().map((name) => {
    const status = statuses.find((s) => s.name === name)!;
    const mine = projectionChecksum(replay.database(name));
    const base: ProjectionComparison = {
      name,
      eventsReplayed: status.eventsApplied,
      eventsPerSecond: Math.round(status.eventsApplied / Math.max(elapsedMs / 1000, 0.001)),
      replayCheckpoint: status.checkpoint,
      replayChecksum: mine.checksum,
      rows: mine.rows,
      equal: false,
      ...(status.lastError ? { error: status.lastError.message } : {}),
    };
    const file = manifest[name] && path.join(liveReadDir, manifest[name]);
    if (!file || !fs.existsSync(file)) return { ...base, error: base.error ?? 'no live database' };
    const live = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const theirs = projectionChecksum(live);
      const checkpoint = live
        .prepare<[string], { position: string }>('SELECT position FROM _checkpoint WHERE name = ?')
        .get(name);
      return {
        ...base,
        liveCheckpoint: checkpoint?.position ?? '0',
        liveChecksum: theirs.checksum,
        equal: !base.error && theirs.checksum === mine.checksum,
      };
    } finally {
      live.close();
    }
  });
}

function readManifest(dir: string): Record<string, string> {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

/** One line per projection, for the CLI. */
export function formatComparison(rows: readonly ProjectionComparison[]): string {
  return rows
    .map((r) =>
      [
        `${r.equal ? 'EQUAL  ' : 'DIFFERS'} ${r.name}`,
        `events replayed ${r.eventsReplayed} (${r.eventsPerSecond}/s), ${r.rows} rows`,
        `checksum live ${r.liveChecksum?.slice(0, 16) ?? '-'} @${r.liveCheckpoint ?? '-'}`,
        `replay ${r.replayChecksum.slice(0, 16)} @${r.replayCheckpoint}`,
        ...(r.error ? [`error: ${r.error}`] : []),
      ].join('  |  '),
    )
    .join('\n');
}
