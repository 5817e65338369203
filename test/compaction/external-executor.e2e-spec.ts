import { keys, startEngine, type TestEngine } from '../support/engine-harness';
import { progress, registerSeedTablet, run, runStatus, tablet, TRIGGERED } from './compaction-fixtures';

describe('external compaction executor', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startEngine({
      env: { COMPACTION_EXECUTOR: 'external', COMPACTION_PROMOTION_SIZE: '4096' },
    });
    await registerSeedTablet(engine, 501);
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('stays triggered until the executor reports; start, complete with its output, then promotion', async () => {
    expect((await run(engine, 'tablet_id=501&compact_type=cumulative')).json).toEqual(TRIGGERED);
    const triggered = await tablet(engine, 501);
    expect(triggered.running_compaction).toMatchObject({
      compaction_type: 'cumulative',
      status: 'triggered',
    });
    const id = triggered.running_compaction!.compaction_id;
    expect(await runStatus(engine, 501)).toMatchObject({ run_status: true, compact_type: 'cumulative' });

    // No sleep to see that nothing moves: the executor's own 'start' is accepted, so nothing in the
    // engine had started the compaction (a second start is refused with COMPACTION_ALREADY_STARTED).
    const started = await progress(engine, 501, id, 'start');
    expect(started.status).toBe(200);
    expect((started.json as { running_compaction: { status: string } }).running_compaction.status).toBe(
      'running',
    );
    expect((await progress(engine, 501, id, 'start')).json).toMatchObject({
      error: { code: 'COMPACTION_ALREADY_STARTED' },
    });

    const completed = await progress(engine, 501, id, 'complete', { size: 5000, segments: 2 });
    expect(completed.status).toBe(200);
    const after = await tablet(engine, 501);
    expect(after.running_compaction).toBeNull();
    expect(after.rowsets.at(-1)).toMatchObject({ start_version: 8, end_version: 9, size: 5000, segments: 2 });
    expect(after.cumulative_point).toBe(10); // 5000 bytes reach the 4096-byte promotion size
    expect(after.compactions[0]).toMatchObject({ compaction_id: id, status: 'completed', source: 'doris' });
    expect(await runStatus(engine, 501)).toMatchObject({ run_status: false, compact_type: '' });
  });

  it('records a failure the executor reports, and frees the tablet', async () => {
    await engine.request('POST', '/engine/v1/tablets/501/rowsets', { body: { size: 10, segments: 1 } });
    const trigger = await engine.request('POST', '/engine/v1/tablets/501/compactions', {
      body: { compaction_type: 'full' },
    });
    expect(trigger.status).toBe(202);
    const id = (trigger.json as { running_compaction: { compaction_id: string } }).running_compaction
      .compaction_id;
    const failed = await progress(engine, 501, id, 'fail', { reason: 'disk full' });
    expect(failed.status).toBe(200);
    const after = await tablet(engine, 501);
    expect(after.running_compaction).toBeNull();
    expect(after.compactions[0]).toMatchObject({ compaction_id: id, status: 'failed', reason: 'disk full' });
    const show = (await engine.request('GET', '/api/compaction/show?tablet_id=501')).json as Record<
      string,
      string
    >;
    expect(show['last full failure time']).not.toBe('1970-01-01 00:00:00.000');
    expect(show['last full success time']).toBe('1970-01-01 00:00:00.000');
  });

  it('refuses stale, unknown and malformed reports in the native error shape', async () => {
    const stale = await progress(engine, 501, 'no-such-compaction', 'complete');
    expect([stale.status, stale.json]).toEqual([
      409,
      {
        error: {
          code: 'COMPACTION_NOT_RUNNING',
          message: 'compaction no-such-compaction is not running on tablet 501',
        },
      },
    ]);
    expect((await progress(engine, 404404, 'x', 'start')).status).toBe(404);
    const otherTenant = await engine.request('GET', '/engine/v1/tablets/501', { key: keys.otherTenant });
    expect(otherTenant.status).toBe(404);
    const noReason = await progress(engine, 501, 'x', 'fail', {});
    expect(noReason.status).toBe(400);
    expect(noReason.json).toMatchObject({ error: { code: 'INVALID_REQUEST' } });
    const badSize = await progress(engine, 501, 'x', 'complete', { size: -1 });
    expect(badSize.status).toBe(400);
    const reader = await engine.request('POST', '/engine/v1/tablets/501/compactions/x/start', {
      key: keys.reader,
    });
    expect(reader.status).toBe(403);
  });

  it('validates native tablet registration and loads', async () => {
    const cases: [object, string][] = [
      [
        {
          tablet_id: 1,
          table_id: 1,
          schema_hash: 1,
          rowsets: [{ start_version: 0, end_version: 'x', size: 1, segments: 1 }],
        },
        'INVALID_REQUEST',
      ],
      [{ tablet_id: -1, table_id: 1, schema_hash: 1, rowsets: [] }, 'INVALID_REQUEST'],
      [{ tablet_id: 1, table_id: 1, schema_hash: 1, rowsets: [], extra: true }, 'INVALID_REQUEST'],
      [
        {
          tablet_id: 1,
          table_id: 1,
          schema_hash: 1,
          rowsets: [
            { start_version: 0, end_version: 5, size: 1, segments: 1 },
            { start_version: 5, end_version: 6, size: 1, segments: 1 },
          ],
        },
        'INVALID_ROWSETS',
      ],
      [
        {
          tablet_id: 1,
          table_id: 1,
          schema_hash: 1,
          rowsets: [{ start_version: 0, end_version: 5, size: 1, segments: 1 }],
          cumulative_point: 3,
        },
        'INVALID_CUMULATIVE_POINT',
      ],
    ];
    for (const [body, code] of cases) {
      const response = await engine.request('POST', '/engine/v1/tablets', { body });
      expect([response.status, (response.json as { error: { code: string } }).error.code]).toEqual([
        400,
        code,
      ]);
    }
    const malformed = await engine.request('POST', '/engine/v1/tablets', {
      rawBody: '{"tablet_id": 1,',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.text).not.toMatch(/at .*\.ts/);
    expect((await engine.request('GET', '/engine/v1/tablets/1')).status).toBe(404);
    const again = await engine.request('POST', '/engine/v1/tablets', {
      body: { tablet_id: 501, table_id: 1, schema_hash: 1, rowsets: [] },
    });
    expect([again.status, again.json]).toMatchObject([409, { error: { code: 'TABLET_ALREADY_EXISTS' } }]);
    const load = await engine.request('POST', '/engine/v1/tablets/501/rowsets', {
      body: { size: 77, segments: 1 },
    });
    expect(load.status).toBe(201);
    const last = (load.json as { rowsets: { start_version: number; size: number }[] }).rowsets.at(-1);
    expect(last).toMatchObject({ start_version: 11, size: 77 });
    expect(
      (await engine.request('POST', '/engine/v1/tablets/abc/rowsets', { body: { size: 1, segments: 1 } }))
        .status,
    ).toBe(400);
  });
});
