import { keys, startEngine, TestEngine } from '../support/engine-harness';
import { canHeaders, canPost, createPlan, day, partitionStates, streamLength, SUCCESS } from './can-api';

/** The seed's request example, verbatim. */
const SEED_TIME_RANGE = [
  { dateGranularity: 'DAY', startTime: '2025-10-22T00:00:00', endTime: '2025-10-22T00:00:00' },
  { dateGranularity: 'DAY', startTime: '2025-10-20T00:00:00', endTime: '2025-10-21T00:00:00' },
];

describe('CAN clearPartition and updatePartition', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startEngine();
  });
  afterAll(async () => {
    await engine?.close();
  });

  async function backfilledPlan(): Promise<string> {
    const uuid = await createPlan(engine);
    const backfill = await canPost(engine, 'updatePartition', {
      uuid,
      runType: 'MANUAL',
      successTimeRange: [day('2025-10-19T00:00:00', '2025-10-23T00:00:00')],
      failedTimeRange: [],
    });
    expect(backfill.json).toEqual(SUCCESS);
    return uuid;
  }

  it("replays the seed: bare array body with uuid in the query string, the seed's response", async () => {
    const uuid = await backfilledPlan();

    const response = await canPost(engine, 'clearPartition', SEED_TIME_RANGE, { query: `?uuid=${uuid}` });

    expect(response.status).toBe(200);
    expect(response.json).toEqual(SUCCESS);
    expect(await partitionStates(engine, uuid)).toEqual({
      '2025-10-19': 'materialized',
      '2025-10-20': 'cleared',
      '2025-10-21': 'cleared',
      '2025-10-22': 'cleared',
      '2025-10-23': 'materialized',
    });
    const hit = await engine.request(
      'GET',
      `/engine/v1/materialization/plans/${uuid}/hit?start=2025-10-19&end=2025-10-23`,
    );
    expect(hit.json).toMatchObject({
      hit: false,
      partitions: 5,
      missing: [
        { key: '2025-10-20', state: 'cleared' },
        { key: '2025-10-21', state: 'cleared' },
        { key: '2025-10-22', state: 'cleared' },
      ],
    });
  });

  it('accepts the object body {uuid, timeRange}', async () => {
    const uuid = await backfilledPlan();
    const response = await canPost(engine, 'clearPartition', {
      uuid,
      timeRange: [day('2025-10-23T00:00:00')],
    });
    expect(response.json).toEqual(SUCCESS);
    expect(await partitionStates(engine, uuid)).toMatchObject({
      '2025-10-22': 'materialized',
      '2025-10-23': 'cleared',
    });
  });

  it('clearing partitions that are not materialized succeeds and stores nothing', async () => {
    const uuid = await backfilledPlan();
    const before = await streamLength(engine, uuid);
    const response = await canPost(engine, 'clearPartition', {
      uuid,
      timeRange: [day('2024-01-01', '2024-01-31')],
    });
    expect(response.json).toEqual(SUCCESS);
    expect(await streamLength(engine, uuid)).toBe(before);
  });

  it('reads zone-less times as UTC and converts explicit offsets', async () => {
    const uuid = await backfilledPlan();
    await canPost(engine, 'clearPartition', { uuid, timeRange: [day('2025-10-22T00:00:00+08:00')] });
    expect(await partitionStates(engine, uuid)).toMatchObject({
      '2025-10-21': 'cleared',
      '2025-10-22': 'materialized',
    });
  });

  it('a full-refresh plan cleared with an empty timeRange is unavailable until a full backfill', async () => {
    const uuid = await createPlan(engine, 'FULL');
    const hitUrl = `/engine/v1/materialization/plans/${uuid}/hit?start=2025-10-01&end=2025-10-31`;
    expect((await engine.request('GET', hitUrl)).json).toMatchObject({
      hit: false,
      fullBackfillRequired: true,
    });

    expect(
      (
        await canPost(engine, 'updatePartition', {
          uuid,
          successTimeRange: [day('2025-10-01', '2025-10-31')],
        })
      ).json,
    ).toEqual(SUCCESS);
    expect((await engine.request('GET', hitUrl)).json).toMatchObject({ hit: true, missing: [] });

    expect((await canPost(engine, 'clearPartition', { uuid, timeRange: [] })).json).toEqual(SUCCESS);
    expect((await engine.request('GET', hitUrl)).json).toMatchObject({
      hit: false,
      fullBackfillRequired: true,
    });
    const plan = await engine.request('GET', `/engine/v1/materialization/plans/${uuid}`);
    expect(plan.json).toMatchObject({ table: 'cleared', counts: { materialized: 0, cleared: 31 } });

    // The seed's form without a body at all also clears the whole table.
    expect((await canPost(engine, 'clearPartition', undefined, { query: `?uuid=${uuid}` })).json).toEqual(
      SUCCESS,
    );
  });

  it('records failed backfill ranges as failed', async () => {
    const uuid = await createPlan(engine);
    await canPost(engine, 'updatePartition', {
      uuid,
      runType: 'MANUAL',
      successTimeRange: [day('2025-10-20')],
      failedTimeRange: [day('2025-10-21')],
    });
    expect(await partitionStates(engine, uuid, '2025-10-19', '2025-10-21')).toEqual({
      '2025-10-19': 'never',
      '2025-10-20': 'materialized',
      '2025-10-21': 'failed',
    });
  });

  describe('bad input: a CAN error envelope, nothing stored', () => {
    let uuid: string;
    beforeAll(async () => {
      uuid = await backfilledPlan();
    });

    it.each([
      [
        'a granularity other than the plan’s',
        { timeRange: [{ ...day('2025-10-01'), dateGranularity: 'MONTH' }] },
        'GRANULARITY_MISMATCH',
      ],
      [
        'an unknown granularity',
        { timeRange: [{ ...day('2025-10-01'), dateGranularity: 'HOUR' }] },
        'INVALID_GRANULARITY',
      ],
      ['start after end', { timeRange: [day('2025-10-22', '2025-10-20')] }, 'INVALID_TIME_RANGE'],
      ['an impossible date', { timeRange: [day('2025-02-30T00:00:00')] }, 'INVALID_TIME'],
      ['an empty timeRange on an incremental plan', { timeRange: [] }, 'EMPTY_TIME_RANGE'],
      [
        'a timeRange item without endTime',
        { timeRange: [{ dateGranularity: 'DAY', startTime: '2025-10-20' }] },
        'INVALID_REQUEST',
      ],
      ['a timeRange that is not a list', { timeRange: 'DAY' }, 'INVALID_REQUEST'],
      ['a body that is neither object nor array', 42, 'INVALID_REQUEST'],
    ])('rejects %s with 400', async (_why, body, detail) => {
      const before = await streamLength(engine, uuid);
      const payload = typeof body === 'object' ? { uuid, ...body } : body;
      const response = await canPost(engine, 'clearPartition', payload);
      expect(response.status).toBe(400);
      expect(response.json).toEqual({
        data: null,
        success: false,
        code: '400',
        errorMsg: expect.any(String),
        detailErrorMsg: detail,
      });
      expect(await streamLength(engine, uuid)).toBe(before);
      expect(response.text).not.toMatch(/\bat .*\.ts:\d+/);
    });

    it('rejects malformed JSON with 400', async () => {
      const response = await engine.request(
        'POST',
        `/anymetrics/api/v1/accelerate/plan/clearPartition?uuid=${uuid}`,
        {
          rawBody: '[{"dateGranularity": "DAY",',
          key: null,
          headers: { ...canHeaders(), 'content-type': 'application/json' },
        },
      );
      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ success: false, code: '400', detailErrorMsg: 'MALFORMED_BODY' });
    });

    it('rejects a success range that is also reported failed', async () => {
      const before = await streamLength(engine, uuid);
      const response = await canPost(engine, 'updatePartition', {
        uuid,
        successTimeRange: [day('2025-10-01', '2025-10-05')],
        failedTimeRange: [day('2025-10-05')],
      });
      expect(response.json).toMatchObject({
        success: false,
        code: '400',
        detailErrorMsg: 'CONFLICTING_RANGES',
      });
      expect(await streamLength(engine, uuid)).toBe(before);
    });

    it('rejects uuids that disagree, or no uuid at all', async () => {
      const both = await canPost(
        engine,
        'clearPartition',
        { uuid, timeRange: [day('2025-10-20')] },
        { query: '?uuid=other' },
      );
      expect(both.json).toMatchObject({ code: '400', errorMsg: expect.stringMatching(/differs/) });
      const none = await canPost(engine, 'clearPartition', SEED_TIME_RANGE);
      expect(none.json).toMatchObject({ code: '400', errorMsg: 'uuid is required' });
    });

    it('answers 404 for an unknown plan', async () => {
      const response = await canPost(engine, 'clearPartition', SEED_TIME_RANGE, {
        query: '?uuid=no-such-plan',
      });
      expect(response.status).toBe(404);
      expect(response.json).toMatchObject({
        success: false,
        code: '404',
        detailErrorMsg: 'PLAN_NOT_FOUND',
        data: null,
      });
    });
  });

  describe('authentication and tenants', () => {
    let uuid: string;
    beforeAll(async () => {
      uuid = await backfilledPlan();
    });

    const clear = (headers: Record<string, string>) =>
      canPost(engine, 'clearPartition', SEED_TIME_RANGE, { query: `?uuid=${uuid}`, headers });

    it('answers 401 in the CAN envelope without a key or with a wrong one', async () => {
      const { 'auth-value': _, ...withoutKey } = canHeaders();
      for (const headers of [withoutKey, canHeaders('not-a-key')]) {
        const response = await clear(headers);
        expect(response.status).toBe(401);
        expect(response.json).toEqual({
          data: null,
          success: false,
          code: '401',
          errorMsg: 'Missing or invalid API key',
          detailErrorMsg: 'UNAUTHENTICATED',
        });
      }
    });

    it('answers 401 without an auth-type header, clearing nothing (seed: auth-type is required)', async () => {
      const headers: Record<string, string> = { ...canHeaders() };
      delete headers['auth-type'];
      const response = await clear(headers);
      expect(response.status).toBe(401);
      expect(response.json).toMatchObject({ code: '401', errorMsg: expect.stringMatching(/auth-type/) });
    });

    it('answers 401 for an auth-type CAN does not define', async () => {
      const response = await clear({ ...canHeaders(), 'auth-type': 'PASSWORD' });
      expect(response.json).toMatchObject({ code: '401', errorMsg: expect.stringMatching(/auth-type/) });
    });

    it('answers 403 when the key belongs to another tenant than tenant-id', async () => {
      const response = await clear(canHeaders(keys.otherTenant, 'acme'));
      expect(response.status).toBe(403);
      expect(response.json).toMatchObject({ success: false, code: '403', detailErrorMsg: 'FORBIDDEN' });
    });

    it('answers 403 for a read-only key', async () => {
      const response = await clear(canHeaders(keys.reader));
      expect(response.json).toMatchObject({ code: '403' });
    });

    it('answers 400 without tenant-id', async () => {
      const { 'tenant-id': _, ...headers } = canHeaders();
      expect((await clear(headers)).json).toMatchObject({
        code: '400',
        errorMsg: 'the tenant-id header is required',
      });
    });

    it("another tenant cannot see or change this tenant's plan", async () => {
      const response = await clear(canHeaders(keys.otherTenant, 'globex'));
      expect(response.json).toMatchObject({ code: '404', detailErrorMsg: 'PLAN_NOT_FOUND' });
      const get = await engine.request('GET', `/engine/v1/materialization/plans/${uuid}`, {
        key: keys.otherTenant,
      });
      expect(get.status).toBe(404);
      expect(await partitionStates(engine, uuid)).toMatchObject({ '2025-10-20': 'materialized' });
    });

    it('accepts the key as Bearer too (auth-type still required)', async () => {
      const response = await canPost(engine, 'clearPartition', SEED_TIME_RANGE, {
        query: `?uuid=${uuid}`,
        headers: { 'tenant-id': 'acme', 'auth-type': 'APIKEY', authorization: `Bearer ${keys.operator}` },
      });
      expect(response.json).toEqual(SUCCESS);
    });
  });
});
