import { FixedClock } from '@engine/kernel';
import { keys, startEngine, TestEngine } from '../support/engine-harness';
import { addPart } from './mergetree-client';

/** BEHAVIOUR.md §6: system.parts shows merged-away parts as inactive until old_parts_lifetime (480 s). */
describe('inactive parts in system.parts', () => {
  const clock = new FixedClock(new Date('2026-01-02T03:00:00.000Z'));
  let engine: TestEngine;
  const query = async (sql: string) =>
    (
      await engine.request('POST', '/clickhouse?database=db', {
        rawBody: sql,
        key: keys.operator,
        headers: { 'content-type': 'text/plain' },
      })
    ).text;

  beforeAll(async () => {
    engine = await startEngine({ clock });
  });
  afterAll(() => engine.close());

  it('given a merge, when 480 s pass, then its sources leave system.parts', async () => {
    await query('CREATE TABLE db.m (d Date, x UInt8) ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY x');
    await addPart(engine, 'm', 201901);
    await addPart(engine, 'm', 201901);
    await query('OPTIMIZE TABLE m FINAL');
    const parts = "SELECT name, active FROM system.parts WHERE table = 'm' ORDER BY name";
    expect(await query(parts)).toBe('201901_1_1_0\t0\n201901_1_2_1\t1\n201901_2_2_0\t0\n');
    clock.advance(480_000);
    expect(await query(parts)).toBe('201901_1_1_0\t0\n201901_1_2_1\t1\n201901_2_2_0\t0\n');
    clock.advance(1);
    expect(await query(parts)).toBe('201901_1_2_1\t1\n');
  });
});
