import { SqliteEventStore } from '@engine/eventstore';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
async function main() {
  for (const sync of ['FULL', 'NORMAL'] as const) {
    fs.rmSync('/tmp/mb/es', { recursive: true, force: true });
    const store = new SqliteEventStore({ file: '/tmp/mb/es/events.sqlite', synchronous: sync });
    const meta = { tenant: 'acme', actor: 'bench', commandId: randomUUID(), correlationId: randomUUID(), causationId: randomUUID(), source: 'clickhouse', occurredAt: new Date().toISOString() };
    const ev = () => ({ id: randomUUID(), type: 'PartDetached', data: { schemaVersion: 1, table: { database: 'bench', table: 'parts' }, part: { name: '4242_123_123_0', partitionId: '4242', rows: 1000, bytesOnDisk: 65536 }, reason: 'detach', now: '2026-01-01T00:00:00.000Z' }, metadata: meta });
    let rev: any = 'no_stream'; for (let i = 0; i < 100; i++) rev = (await store.append('mergetree-acme/bench.parts', Array.from({ length: 1000 }, ev), rev)).nextRevision;
    for (const n of [1, 10]) {
      const t0 = performance.now();
      for (let i = 0; i < 500; i++) rev = (await store.append('mergetree-acme/bench.parts', Array.from({ length: n }, ev), rev)).nextRevision;
      console.log(sync, n, 'events/append', ((performance.now() - t0) / 500).toFixed(3), 'ms per append');
    }
    await store.close();
  }
}
void main();
