import { makeTempDir } from '@engine/testing';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { SqliteEventStore } from '../src/sqlite/sqlite-event-store';

describe('SQLite event store durability', () => {
  it('keeps every acknowledged append after the writer is killed with SIGKILL', async () => {
    const temp = makeTempDir('ple-durability-');
    const file = path.join(temp.dir, 'events.sqlite');
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', path.join(__dirname, 'fixtures/append-until-killed.ts'), file],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const acknowledged: string[] = [];
    let buffer = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        acknowledged.push(...lines.filter(Boolean));
        if (acknowledged.length >= 2000) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', (code, signal) => {
        if (signal !== 'SIGKILL') reject(new Error(`writer exited early: ${code ?? signal}`));
      });
    });
    await new Promise((resolve) => child.on('close', resolve));

    const store = new SqliteEventStore({ file });
    try {
      const stored = new Set<string>();
      for (let from = 0n; ;) {
        const page = await store.readAll({ fromPosition: from, maxCount: 5000 });
        if (page.length === 0) break;
        for (const event of page) stored.add(event.id);
        from = page[page.length - 1].position;
      }
      const lost = acknowledged.filter((id) => !stored.has(id));
      expect(acknowledged.length).toBeGreaterThanOrEqual(2000);
      expect(lost).toEqual([]);
      // Streams stay contiguous after the crash: revisions 0..n with no holes.
      for (let n = 0; n < 16; n++) {
        const events = await store.readStream(`durability-acme/writer-${n}`);
        events.forEach((event, i) => expect(event.revision).toBe(BigInt(i)));
      }
    } finally {
      await store.close();
      temp.cleanup();
    }
  });
});
