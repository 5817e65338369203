import { makeTempDir } from '@engine/testing';
import { keys, startEngine, TestEngine } from '../support/engine-harness';
import { canPost, createPlan, day, partitionStates, PlanPartitions, streamLength, SUCCESS } from './can-api';

const plans = '/engine/v1/materialization/plans';
const month = (startTime: string, endTime = startTime) => ({ dateGranularity: 'MONTH', startTime, endTime });

describe('native materialization API', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startEngine();
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('creates a plan with a generated uuid', async () => {
    const response = await engine.request('POST', plans, {
      body: { name: 'orders by month', refreshType: 'INCREMENTAL', granularity: 'MONTH' },
    });
    expect(response.status).toBe(201);
    expect(response.json).toEqual({
      uuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      name: 'orders by month',
      refreshType: 'INCREMENTAL',
      granularity: 'MONTH',
      createdAt: expect.any(String),
    });
  });

  it('keeps a uuid the caller brings, once', async () => {
    const body = { name: 'mirrored', refreshType: 'FULL', granularity: 'DAY', uuid: 'can-plan-0042' };
    expect((await engine.request('POST', plans, { body })).json).toMatchObject({ uuid: 'can-plan-0042' });
    const again = await engine.request('POST', plans, { body });
    expect(again.status).toBe(409);
    expect(again.json).toEqual({ error: { code: 'PLAN_ALREADY_EXISTS', message: expect.any(String) } });
  });

  it.each([
    ['no name', { refreshType: 'FULL', granularity: 'DAY' }, 'INVALID_REQUEST'],
    ['an unknown granularity', { name: 'x', refreshType: 'FULL', granularity: 'HOUR' }, 'INVALID_REQUEST'],
    [
      'an unknown refresh type',
      { name: 'x', refreshType: 'SOMETIMES', granularity: 'DAY' },
      'INVALID_REQUEST',
    ],
    ['a blank name', { name: '  ', refreshType: 'FULL', granularity: 'DAY' }, 'INVALID_PLAN'],
    [
      'a uuid with a slash',
      { name: 'x', refreshType: 'FULL', granularity: 'DAY', uuid: 'a/b' },
      'INVALID_PLAN',
    ],
  ])('refuses a plan with %s (400, native error shape)', async (_why, body, code) => {
    const response = await engine.request('POST', plans, { body });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ error: { code, message: expect.any(String) } });
  });

  it('lists partitions with bounds and the event that set each state', async () => {
    const uuid = await createPlan(engine, 'INCREMENTAL', 'MONTH');
    const backfill = await engine.request('POST', `${plans}/${uuid}/backfills`, {
      body: { successTimeRange: [month('2025-01-01', '2025-03-01')], failedTimeRange: [month('2025-04-15')] },
    });
    expect(backfill.json).toEqual({ materialized: 3, failed: 1, fullRefresh: false });
    const clear = await engine.request('POST', `${plans}/${uuid}/clear`, {
      body: { timeRange: [month('2025-02-10', '2025-05-31')] },
    });
    expect(clear.json).toEqual({ cleared: 2, wholeTable: false });
    const again = await engine.request('POST', `${plans}/${uuid}/clear`, {
      body: { timeRange: [month('2025-02-10')] },
    });
    expect(again.json).toEqual({ cleared: 0, wholeTable: false });

    const view = await engine.request('GET', `${plans}/${uuid}?start=2024-12-31T23:59:59&end=2025-05-01`);
    const body = view.json as PlanPartitions;
    expect(body.counts).toEqual({ materialized: 1, cleared: 2, failed: 1, never: 2 });
    expect(body.partitions.map((p) => [p.key, p.state])).toEqual([
      ['2024-12-01', 'never'],
      ['2025-01-01', 'materialized'],
      ['2025-02-01', 'cleared'],
      ['2025-03-01', 'cleared'],
      ['2025-04-01', 'failed'],
      ['2025-05-01', 'never'],
    ]);
    expect(body.partitions[1]).toMatchObject({
      start: '2025-01-01T00:00:00.000Z',
      end: '2025-02-01T00:00:00.000Z',
      eventType: 'PartitionsBackfilled',
    });
    const stream = await engine.request(
      'GET',
      `/engine/v1/streams/${encodeURIComponent(`matplan-acme/${uuid}`)}/events`,
    );
    const events = (stream.json as { events: { id: string; type: string; metadata: { source: string } }[] })
      .events;
    expect(body.partitions[2]).toMatchObject({ eventType: 'PartitionsCleared', eventId: events[3].id });
    expect(events.map((e) => [e.type, e.metadata.source])).toEqual([
      ['MaterializationPlanCreated', 'native'],
      ['PartitionsBackfilled', 'native'],
      ['PartitionsBackfillFailed', 'native'],
      ['PartitionsCleared', 'native'],
    ]);
  });

  it('a full refresh without failures makes failed and cleared partitions of a FULL plan hit-able', async () => {
    const uuid = await createPlan(engine, 'FULL');
    const backfill = (body: unknown) => engine.request('POST', `${plans}/${uuid}/backfills`, { body });
    expect(
      (
        await backfill({
          successTimeRange: [day('2025-10-01', '2025-10-03')],
          failedTimeRange: [day('2025-10-04')],
        })
      ).json,
    ).toEqual({ materialized: 3, failed: 1, fullRefresh: false });
    await engine.request('POST', `${plans}/${uuid}/clear`, { body: { timeRange: [day('2025-10-01')] } });
    expect(await partitionStates(engine, uuid)).toEqual({
      '2025-10-01': 'cleared',
      '2025-10-02': 'materialized',
      '2025-10-03': 'materialized',
      '2025-10-04': 'failed',
    });
    expect((await backfill({})).json).toEqual({ materialized: 0, failed: 0, fullRefresh: true });
    const view = await engine.request('GET', `${plans}/${uuid}`);
    expect(view.json).toMatchObject({
      table: 'materialized',
      counts: { materialized: 4, cleared: 0, failed: 0 },
    });
    const hit = await engine.request('GET', `${plans}/${uuid}/hit?start=2025-09-01&end=2025-10-31`);
    expect(hit.json).toMatchObject({ hit: true, partitions: 61, missing: [] });
  });

  it('answers hit queries at the plan’s granularity', async () => {
    const uuid = await createPlan(engine, 'INCREMENTAL', 'WEEK');
    await engine.request('POST', `${plans}/${uuid}/backfills`, {
      body: {
        successTimeRange: [{ dateGranularity: 'WEEK', startTime: '2025-10-06', endTime: '2025-10-19' }],
      },
    });
    const hit = (start: string, end: string) =>
      engine.request('GET', `${plans}/${uuid}/hit?start=${start}&end=${end}`);
    expect((await hit('2025-10-08', '2025-10-19T23:00:00')).json).toMatchObject({
      hit: true,
      partitions: 2,
      missing: [],
    });
    expect((await hit('2025-10-08', '2025-10-20')).json).toMatchObject({
      hit: false,
      partitions: 3,
      missing: [
        {
          key: '2025-10-20',
          start: '2025-10-20T00:00:00.000Z',
          end: '2025-10-27T00:00:00.000Z',
          state: 'never',
        },
      ],
    });
  });

  it('validates query parameters', async () => {
    const uuid = await createPlan(engine);
    const noEnd = await engine.request('GET', `${plans}/${uuid}/hit?start=2025-10-01`);
    expect(noEnd.status).toBe(400);
    expect(noEnd.json).toEqual({ error: { code: 'INVALID_REQUEST', message: 'end is required' } });
    const badTime = await engine.request('GET', `${plans}/${uuid}/hit?start=2025-10-01&end=tomorrow`);
    expect(badTime.json).toMatchObject({ error: { code: 'INVALID_TIME' } });
    const tooMany = await engine.request('GET', `${plans}/${uuid}/hit?start=1000-01-01&end=9999-01-01`);
    expect(tooMany.json).toMatchObject({ error: { code: 'TOO_MANY_PARTITIONS' } });
    const half = await engine.request('GET', `${plans}/${uuid}?start=2025-10-01`);
    expect(half.status).toBe(400);
    const unknown = await engine.request('GET', `${plans}/no-such-plan`);
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ error: { code: 'PLAN_NOT_FOUND' } });
  });

  it("lists the tenant's plans only, without deleted ones", async () => {
    const kept = await createPlan(engine, 'FULL', 'QUARTER');
    const deleted = await createPlan(engine);
    await engine.request('DELETE', `${plans}/${deleted}`);
    const listed = (await engine.request('GET', plans)).json as { plans: { uuid: string }[] };
    expect(listed.plans).toContainEqual({
      uuid: kept,
      name: 'orders FULL QUARTER',
      refreshType: 'FULL',
      granularity: 'QUARTER',
      table: 'never',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(listed.plans.map((p) => p.uuid)).not.toContain(deleted);
    expect((await engine.request('GET', plans, { key: keys.otherTenant })).json).toEqual({ plans: [] });
  });

  it('deletes a plan: gone from every view, DELETE again changes nothing', async () => {
    const uuid = await createPlan(engine);
    expect((await engine.request('DELETE', `${plans}/${uuid}`)).json).toEqual({ deleted: true });
    expect((await engine.request('DELETE', `${plans}/${uuid}`)).json).toEqual({ deleted: false });
    expect((await engine.request('GET', `${plans}/${uuid}`)).json).toMatchObject({
      error: { code: 'PLAN_DELETED' },
    });
    const clear = await canPost(engine, 'clearPartition', { uuid, timeRange: [day('2025-10-01')] });
    expect(clear.json).toMatchObject({ code: '404', detailErrorMsg: 'PLAN_DELETED' });
  });

  it('a retried request with the same Idempotency-Key appends once and answers the same', async () => {
    const uuid = await createPlan(engine);
    const send = () =>
      engine.request('POST', `${plans}/${uuid}/backfills`, {
        body: { successTimeRange: [day('2025-10-01', '2025-10-31')] },
        headers: { 'idempotency-key': `backfill-${uuid}` },
      });
    const first = await send();
    const second = await send();
    expect(second.status).toBe(first.status);
    expect(second.json).toEqual(first.json);
    expect(await streamLength(engine, uuid)).toBe(2);
  });

  it('concurrent requests on one plan all land, none lost', async () => {
    const uuid = await createPlan(engine);
    const years = [2019, 2020, 2021, 2022, 2023, 2024];
    const responses = await Promise.all(
      years.map((y) =>
        canPost(engine, 'updatePartition', { uuid, successTimeRange: [day(`${y}-01-01`, `${y}-12-31`)] }),
      ),
    );
    expect(responses.map((r) => r.json)).toEqual(years.map(() => SUCCESS));
    const view = await engine.request('GET', `${plans}/${uuid}`);
    expect((view.json as PlanPartitions).counts).toMatchObject({ materialized: 6 * 365 + 2 });
    expect(await streamLength(engine, uuid)).toBe(1 + years.length);
  });

  it('needs the operator role to change and the reader role to read', async () => {
    const uuid = await createPlan(engine);
    const asReader = await engine.request('POST', `${plans}/${uuid}/clear`, {
      key: keys.reader,
      body: { timeRange: [day('2025-10-01')] },
    });
    expect(asReader.status).toBe(403);
    expect((await engine.request('GET', `${plans}/${uuid}`, { key: keys.reader })).status).toBe(200);
  });
});

describe('after a restart', () => {
  it('keeps read models and continues a long stream from its snapshot', async () => {
    const temp = makeTempDir('ple-matplan-');
    try {
      let engine = await startEngine({ dataDir: temp.dir });
      const uuid = await createPlan(engine);
      // 120 commands pass the snapshot interval (100 events).
      for (let i = 0; i < 60; i++) {
        await canPost(engine, 'updatePartition', {
          uuid,
          successTimeRange: [day('2025-01-01', '2025-12-31')],
        });
        await canPost(engine, 'clearPartition', { uuid, timeRange: [day('2025-06-01', '2025-06-30')] });
      }
      await engine.close();

      engine = await startEngine({ dataDir: temp.dir });
      try {
        const states = await partitionStates(engine, uuid);
        expect(Object.keys(states)).toHaveLength(365);
        expect(states).toMatchObject({
          '2025-05-31': 'materialized',
          '2025-06-01': 'cleared',
          '2025-06-30': 'cleared',
        });
        expect(
          (await canPost(engine, 'clearPartition', { uuid, timeRange: [day('2025-05-31')] })).json,
        ).toEqual(SUCCESS);
        expect(await partitionStates(engine, uuid, '2025-05-31', '2025-05-31')).toEqual({
          '2025-05-31': 'cleared',
        });
      } finally {
        await engine.close();
      }
    } finally {
      temp.cleanup();
    }
  });
});
