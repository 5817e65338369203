import { Injectable } from '@nestjs/common';
import { SnapshotPolicy } from '../domain/decider';
import { KernelDatabase } from '../storage/kernel-database';

export interface StoredSnapshot<State> {
  revision: bigint;
  state: State;
}

/** Snapshots of long streams, keyed by stream; a snapshot of another policy version is ignored. */
@Injectable()
export class SnapshotStore {
  private readonly read;
  private readonly write;

  constructor(kernel: KernelDatabase) {
    this.read = kernel.db.prepare<[string], { version: number; revision: number; state: string }>(
      'SELECT version, revision, state FROM snapshots WHERE stream = ?',
    );
    this.write = kernel.db.prepare(
      `INSERT INTO snapshots (stream, name, version, revision, state) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(stream) DO UPDATE SET name = excluded.name, version = excluded.version,
         revision = excluded.revision, state = excluded.state`,
    );
  }

  load<State>(stream: string, policy: SnapshotPolicy<State>): StoredSnapshot<State> | undefined {
    const row = this.read.get(stream);
    if (!row || row.version !== policy.version) return undefined;
    return { revision: BigInt(row.revision), state: policy.fromSnapshot(JSON.parse(row.state)) };
  }

  lastRevision(stream: string): bigint | undefined {
    const row = this.read.get(stream);
    return row ? BigInt(row.revision) : undefined;
  }

  /** Stores the snapshot and returns its size in characters of JSON. */
  save<State>(stream: string, policy: SnapshotPolicy<State>, revision: bigint, state: State): number {
    const json = JSON.stringify(policy.toSnapshot(state));
    this.write.run(stream, 'snapshot', policy.version, Number(revision), json);
    return json.length;
  }
}
