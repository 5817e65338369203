import { addPart, clickhouse } from '../mergetree/mergetree-client';
import { keys, startEngine, TestEngine } from '../support/engine-harness';

interface HistoryPage {
  entries: {
    type: string;
    recordedAt: string;
    metadata: { actor: string; source: string; correlationId: string };
    changes: { kind: string; change: string }[];
  }[];
}

/** The issue's own cases: a ClickHouse partition's timeline through ALTER statements, and 404s. */
describe('subject history over HTTP', () => {
  let engine: TestEngine;
  const base = `/engine/v1/audit/mergetree/${encodeURIComponent('db.timeline')}/subjects`;

  beforeAll(async () => {
    engine = await startEngine();
    const ch = clickhouse(engine);
    await ch.command({
      query:
        'CREATE TABLE db.timeline (d Date, n UInt32) ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY n',
    });
    await addPart(engine, 'timeline', 201901);
    await addPart(engine, 'timeline', 201902);
    for (const statement of [
      'ALTER TABLE db.timeline DETACH PARTITION 201901',
      'ALTER TABLE db.timeline ATTACH PARTITION 201901',
      'ALTER TABLE db.timeline FREEZE PARTITION 201901',
      'ALTER TABLE db.timeline DROP PARTITION 201901',
    ])
      await ch.command({ query: statement });
    await ch.close();
  });
  afterAll(() => engine?.close());

  it('files detach, attach, freeze and drop under the partition, with actor, API, correlation and time', async () => {
    const res = await engine.request('GET', `${base}/201901/history`);
    expect(res.status).toBe(200);
    const { entries } = res.json as HistoryPage;
    expect(entries.map((e) => e.type)).toEqual([
      'PartAdded',
      'PartsDetached',
      'PartsAttached',
      'PartitionFrozen',
      'PartsDropped',
    ]);
    for (const entry of entries.slice(1)) {
      expect(entry.metadata).toMatchObject({ source: 'clickhouse', correlationId: expect.any(String) });
      expect(entry.metadata.actor).toEqual(expect.any(String));
      expect(Number.isNaN(Date.parse(entry.recordedAt))).toBe(false);
      expect(entry.changes.every((c) => c.kind === 'partition')).toBe(true);
    }
    const other = (await engine.request('GET', `${base}/201902/history`)).json as HistoryPage;
    expect(other.entries.map((e) => e.type)).toEqual(['PartAdded']);
  });

  it('answers 404 for a subject no event named, and for another tenant', async () => {
    expect((await engine.request('GET', `${base}/%3CsegmentId%3E/history`)).status).toBe(404);
    expect((await engine.request('GET', `${base}/201901/history`, { key: keys.otherTenant })).status).toBe(
      404,
    );
  });
});
