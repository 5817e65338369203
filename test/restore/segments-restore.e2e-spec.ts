import { contractViolations } from '../audit/support/event-contract';
import { globalHead, keys, startEngine, TestEngine } from '../support/engine-harness';

const DS = 'wiki_restore';
const V = '2024-01-01T00:00:00.000Z';
const hh = (n: number) => String(n).padStart(2, '0');
const segmentId = (h: number) =>
  `${DS}_2024-03-01T${hh(h)}:00:00.000Z_2024-03-01T${hh(h + 1)}:00:00.000Z_${V}`;
const PLAN = `/engine/v1/audit/datasource/${DS}/restore-plan`;
const RESTORE = `/engine/v1/audit/datasource/${DS}/restore`;

interface Plan {
  revision: string;
  steps: {
    command: { type: string };
    undoes: { subject: string; current?: string; restoredTo?: string }[];
  }[];
  notRestorable: { subject: string; reason: string }[];
  restoreTo: { position?: string; revision: string };
}
interface Outcome {
  restoreId: string;
  applied: boolean;
  replayed: boolean;
  events: number;
  revision: string;
}
interface EventsPage {
  events: { type: string; metadata: { correlationId: string; causationId: string; source: string } }[];
}

/** Druid segments marked unused by mistake, put back through a reviewed plan, over HTTP. */
describe('restore of a Druid datasource', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine({ env: { COMPACTION_EXECUTOR: 'external' } });
  });
  afterAll(() => engine.close());

  const head = () => globalHead(engine);
  const usedIds = async (): Promise<string[]> => {
    const res = await engine.request('GET', `/engine/v1/datasources/${DS}/segments?state=used`);
    return (res.json as { segments: { id?: string; segmentId?: string; identifier?: string }[] }).segments
      .map((s) => s.id ?? s.segmentId ?? s.identifier ?? '')
      .sort();
  };
  let beforeMistake: string;

  beforeAll(async () => {
    const segments = [0, 1, 2].map((h) => ({
      interval: `2024-03-01T${hh(h)}:00:00.000Z/2024-03-01T${hh(h + 1)}:00:00.000Z`,
      version: V,
      partitionNum: 0,
      size: 100,
    }));
    expect(
      (await engine.request('POST', `/engine/v1/datasources/${DS}/segments`, { body: { segments } })).status,
    ).toBe(201);
    beforeMistake = await head();
    const mistake = await engine.request('POST', `/druid/coordinator/v1/datasources/${DS}/markUnused`, {
      body: { interval: '2024-03-01T00:00:00.000Z/2024-03-02T00:00:00.000Z' },
    });
    expect(mistake.json).toEqual({ numChangedSegments: 3 });
  });

  it('a reader may not plan nor restore; another tenant does not see the datasource', async () => {
    const body = { atPosition: beforeMistake };
    expect((await engine.request('POST', PLAN, { body, key: keys.reader })).status).toBe(403);
    expect(
      (await engine.request('POST', RESTORE, { body: { ...body, expectedRevision: '1' }, key: keys.reader }))
        .status,
    ).toBe(403);
    expect((await engine.request('POST', PLAN, { body, key: keys.otherTenant })).status).toBe(404);
    expect(
      (
        await engine.request('POST', RESTORE, {
          body: { ...body, expectedRevision: '1' },
          key: keys.otherTenant,
        })
      ).status,
    ).toBe(404);
  });

  it('bad bodies are a 400 naming the problem', async () => {
    const missing = await engine.request('POST', PLAN, { body: {}, key: keys.operator });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('asOf or atPosition is required');
    const noRevision = await engine.request('POST', RESTORE, {
      body: { atPosition: beforeMistake },
      key: keys.operator,
    });
    expect(noRevision.status).toBe(400);
    expect(noRevision.text).toContain('expectedRevision');
    expect(
      (await engine.request('POST', PLAN, { body: { asOf: 'yesterday' }, key: keys.operator })).status,
    ).toBe(400);
  });

  it('asOf a time before the first event: every segment was published after it, none is killed', async () => {
    const res = await engine.request('POST', PLAN, {
      body: { asOf: '2001-01-01T00:00:00Z' },
      key: keys.operator,
    });
    expect(res.status).toBe(200);
    const plan = res.json as Plan;
    expect(plan.restoreTo).toEqual({ asOf: '2001-01-01T00:00:00.000Z', revision: '-1' });
    expect(plan.steps).toEqual([]); // all unused already
    expect(plan.notRestorable.map((n) => n.reason)).toEqual([
      'PUBLISHED_AFTER_POINT',
      'PUBLISHED_AFTER_POINT',
      'PUBLISHED_AFTER_POINT',
    ]);
  });

  it('plans, applies as one append audited with the restore id, and a retry changes nothing', async () => {
    const planned = await engine.request('POST', PLAN, {
      body: { atPosition: beforeMistake },
      key: keys.operator,
    });
    expect(planned.status).toBe(200);
    const plan = planned.json as Plan;
    expect(plan.notRestorable).toEqual([]);
    expect(plan.steps).toHaveLength(1);
    expect(plan.steps[0].command.type).toBe('MarkSegmentsUsed');
    expect(plan.steps[0].undoes.map((u) => u.subject)).toEqual([0, 1, 2].map(segmentId).sort());
    expect(plan.steps[0].undoes[0]).toMatchObject({ current: 'unused', restoredTo: 'used' });
    expect(plan.restoreTo.position).toBe(beforeMistake);
    expect(await usedIds()).toEqual([]); // planning changes nothing

    const body = { atPosition: beforeMistake, expectedRevision: plan.revision };
    const applied = await engine.request('POST', RESTORE, { body, key: keys.operator });
    expect(applied.status).toBe(200);
    const outcome = applied.json as Outcome;
    expect(outcome).toMatchObject({ applied: true, replayed: false, events: 1 });
    expect(await usedIds()).toEqual([0, 1, 2].map(segmentId).sort());

    const history = (await engine.request('GET', `/engine/v1/audit/datasource/${DS}/events`))
      .json as EventsPage;
    const last = history.events[history.events.length - 1];
    expect(last.type).toBe('SegmentsMarkedUsed');
    expect(last.metadata).toMatchObject({
      correlationId: outcome.restoreId,
      causationId: `restore-to-position:${beforeMistake}`,
      source: 'native',
    });

    const retry = await engine.request('POST', RESTORE, { body, key: keys.operator });
    expect(retry.status).toBe(200);
    expect(retry.json).toMatchObject({
      restoreId: outcome.restoreId,
      applied: true,
      replayed: true,
      events: 1,
    });
    const after = (await engine.request('GET', `/engine/v1/audit/datasource/${DS}/events`))
      .json as EventsPage;
    expect(after.events).toHaveLength(history.events.length);
  });

  it('refuses with 409 when the datasource changed since the plan, and appends nothing', async () => {
    const planned = (
      await engine.request('POST', PLAN, { body: { atPosition: beforeMistake }, key: keys.operator })
    ).json as Plan;
    expect(planned.steps).toEqual([]); // already restored
    const mistake = await engine.request('POST', `/druid/coordinator/v1/datasources/${DS}/markUnused`, {
      body: { interval: '2024-03-01T00:00:00.000Z/2024-03-01T02:00:00.000Z' },
    });
    expect(mistake.json).toEqual({ numChangedSegments: 2 });
    const plan = (
      await engine.request('POST', PLAN, { body: { atPosition: beforeMistake }, key: keys.operator })
    ).json as Plan;
    expect(plan.steps).toHaveLength(1);
    // Someone changes the datasource between review and apply.
    const other = await engine.request('POST', `/druid/coordinator/v1/datasources/${DS}/markUnused`, {
      body: { segmentIds: [segmentId(2)] },
    });
    expect(other.json).toEqual({ numChangedSegments: 1 });
    const events = (
      (await engine.request('GET', `/engine/v1/audit/datasource/${DS}/events`)).json as EventsPage
    ).events.length;

    const refused = await engine.request('POST', RESTORE, {
      body: { atPosition: beforeMistake, expectedRevision: plan.revision },
      key: keys.operator,
    });
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ error: { code: 'RESTORE_CONFLICT' } });
    const now = ((await engine.request('GET', `/engine/v1/audit/datasource/${DS}/events`)).json as EventsPage)
      .events;
    expect(now).toHaveLength(events);

    // A subset restore from a fresh plan puts back only the segment asked for.
    const fresh = (
      await engine.request('POST', PLAN, {
        body: { atPosition: beforeMistake, subjects: [segmentId(0)] },
        key: keys.operator,
      })
    ).json as Plan;
    const subset = await engine.request('POST', RESTORE, {
      body: { atPosition: beforeMistake, subjects: [segmentId(0)], expectedRevision: fresh.revision },
      key: keys.operator,
      headers: { 'idempotency-key': 'restore-subset-1' },
    });
    expect(subset.status).toBe(200);
    expect(await usedIds()).toEqual([segmentId(0)]);
  });

  it('the same restore sent twice at once is applied once; the other answer is its replay', async () => {
    const mistake = await engine.request('POST', `/druid/coordinator/v1/datasources/${DS}/markUnused`, {
      body: { interval: '2024-03-01T00:00:00.000Z/2024-03-02T00:00:00.000Z' },
    });
    expect(mistake.status).toBe(200);
    const plan = (
      await engine.request('POST', PLAN, { body: { atPosition: beforeMistake }, key: keys.operator })
    ).json as Plan;
    const count = async () =>
      ((await engine.request('GET', `/engine/v1/audit/datasource/${DS}/events`)).json as EventsPage).events
        .length;
    const before = await count();
    const body = { atPosition: beforeMistake, expectedRevision: plan.revision };
    const answers = await Promise.all([
      engine.request('POST', RESTORE, { body, key: keys.operator }),
      engine.request('POST', RESTORE, { body, key: keys.operator }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers.map((a) => (a.json as Outcome).replayed).sort()).toEqual([false, true]);
    expect(await count()).toBe(before + 1);
    expect(await usedIds()).toEqual([0, 1, 2].map(segmentId).sort());
  });

  it('every event the restores appended is an ordinary, schema-valid event of its family', async () => {
    expect(await contractViolations(engine)).toEqual([]);
  });
});
