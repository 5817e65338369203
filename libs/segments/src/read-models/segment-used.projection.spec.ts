import { inStream, ProjectionSpecification } from '@engine/testing';
import { parseInterval, segmentsDecider, SegmentsEvent } from '../domain';
import { changed, DS, hour, ids, published } from '../domain/segments.fixtures';
import { segmentUsedProjection } from './segment-used.projection';
import { SegmentUsedQueries } from './segment-used.queries';

const spec = ProjectionSpecification.for(segmentUsedProjection, { stream: `datasource-acme/${DS}` });

function projected(events: SegmentsEvent[]) {
  const { db } = spec.given(events).view();
  return { db, queries: new SegmentUsedQueries(db) };
}

const segments = Array.from({ length: 24 }, (_, i) => hour(Math.floor(i / 2), `v${i % 2}`));
const day = parseInterval('2015-09-12T00:00:00.000Z/2015-09-13T00:00:00.000Z')!;

function history(): SegmentsEvent[] {
  let state = segmentsDecider.initialState();
  const events: SegmentsEvent[] = [];
  const run = (command: Parameters<typeof segmentsDecider.decide>[0]) => {
    const decided = segmentsDecider.decide(command, state);
    decided.forEach((e) => (state = segmentsDecider.evolve(state, e)));
    events.push(...decided);
  };
  run({ type: 'PublishSegments', datasource: DS, segments });
  run({
    type: 'MarkSegmentsUnused',
    datasource: DS,
    selector: { kind: 'interval', interval: day, versions: ['v0'] },
  });
  run({
    type: 'MarkSegmentsUnused',
    datasource: DS,
    selector: { kind: 'interval', interval: { start: day.start, end: day.start + 2 * 3600000 } },
  });
  // Revives v1 of hours 0-1 (v0 is overshadowed by the revived v1 on the candidates' timeline,
  // BEHAVIOUR.md §6); v0 of hours 2-3 stays, overshadowed by the used v1.
  run({
    type: 'MarkSegmentsUsed',
    datasource: DS,
    selector: { kind: 'interval', interval: { start: day.start, end: day.start + 4 * 3600000 } },
  });
  run({
    type: 'KillUnusedSegments',
    datasource: DS,
    interval: { start: day.start, end: day.start + 8 * 3600000 },
  });
  return events;
}

describe('segment-used projection', () => {
  it('gives the same rows whether bulk changes are applied by selection or by ID', () => {
    const events = history();
    expect(events.some((e) => e.type !== 'SegmentsPublished' && e.data.selection)).toBe(true);
    const stripped = events.map((e) =>
      e.type === 'SegmentsPublished' ? e : { ...e, data: { ...e.data, selection: undefined } },
    );
    const all = ['used', 'unused', 'killed'] as const;
    const a = projected(events).queries.segments('acme', DS, all);
    const b = projected(stripped).queries.segments('acme', DS, all);
    expect(a).toEqual(b);
    expect(a.filter((r) => r.state === 'used').length).toBe(12);
    expect(a.filter((r) => r.state === 'killed').length).toBe(8);
    expect(projected(events).queries.datasourceNames('acme', false)).toEqual([DS]);
  });

  it('answers interval queries by overlap and scopes everything by tenant', () => {
    const { queries } = projected([published(segments)]);
    const rows = queries.segments('acme', DS, ['used'], {
      start: day.start + 90 * 60000,
      end: day.start + 150 * 60000,
    });
    expect(rows.map((r) => r.id)).toEqual(
      segments
        .slice(2, 6)
        .map((s) => `${DS}_${new Date(s.start).toISOString()}_${new Date(s.end).toISOString()}_${s.version}`),
    );
    expect(queries.segments('globex', DS, ['used'])).toEqual([]);
    expect(queries.datasourceNames('globex', true)).toEqual([]);
  });

  it('stops with an error when a selection does not match the listed segments (diverged read model)', () => {
    const bogus: SegmentsEvent = {
      type: 'SegmentsMarkedUnused',
      data: {
        schemaVersion: 1,
        datasource: DS,
        segmentIds: ['only-one'],
        selection: {
          startFrom: '2015-09-12T00:00:00.000Z',
          startTo: '2015-09-12T23:00:00.000Z',
          endTo: '2015-09-13T00:00:00.000Z',
        },
      },
    };
    spec
      .given([published(segments)])
      .when([bogus])
      .thenThrows(/diverged/);
  });

  it('uses the interval index for range queries and bulk updates', () => {
    const { db } = projected([]);
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN UPDATE segments SET state = 0 WHERE tenant = 'a' AND datasource = 'b' AND start >= 1 AND start <= 2 AND "end" <= 3 AND state = 1`,
      )
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/segments_by_interval/);
  });
});

describe('segment-used projection (given events, then rows)', () => {
  const [h0, h1, h2] = [hour(0), hour(1), hour(2)];
  const rows = 'SELECT tenant, state, changed_position, changed_at FROM segments ORDER BY start';
  const counts =
    'SELECT tenant, datasource, used_count, unused_count, max_span FROM datasources ORDER BY tenant';

  it('publishes used rows stamped with the position and time of their event, and counts them', () => {
    spec.given([published([h0, h1])]).then(rows, [
      { tenant: 'acme', state: 1, changed_position: 1, changed_at: '2024-01-01T00:00:01.000Z' },
      { tenant: 'acme', state: 1, changed_position: 1, changed_at: '2024-01-01T00:00:01.000Z' },
    ]);
    spec
      .given([published([h0, h1])])
      .then(counts, [{ tenant: 'acme', datasource: DS, used_count: 2, unused_count: 0, max_span: 3600000 }]);
  });

  it('follows unused, used again and killed in event order, by ID or by selection alike', () => {
    const history = (by: typeof ids) => [
      published([h0, h1, h2]),
      by('SegmentsMarkedUnused', [h0, h1]),
      by('SegmentsMarkedUsed', [h1]),
      by('UnusedSegmentsKilled', [h0]),
    ];
    for (const by of [ids, changed]) {
      spec.given(history(by)).then('SELECT state, changed_position FROM segments ORDER BY start', [
        { state: -1, changed_position: 4 },
        { state: 1, changed_position: 3 },
        { state: 1, changed_position: 1 },
      ]);
      spec
        .given(history(by))
        .then(counts, [
          { tenant: 'acme', datasource: DS, used_count: 2, unused_count: 0, max_span: 3600000 },
        ]);
    }
  });

  it('marking segments that are not in the source state moves and counts nothing', () => {
    spec
      .given([published([h0]), ids('SegmentsMarkedUsed', [h0]), ids('UnusedSegmentsKilled', [h0])])
      .then('SELECT state, changed_position FROM segments', [{ state: 1, changed_position: 1 }]);
  });

  it('keeps tenants apart: the same datasource and IDs in two tenants are two sets of rows', () => {
    spec
      .given([
        published([h0, h1]),
        inStream(`datasource-globex/${DS}`, published([h0])),
        inStream(`datasource-globex/${DS}`, ids('SegmentsMarkedUnused', [h0])),
      ])
      .then(counts, [
        { tenant: 'acme', datasource: DS, used_count: 2, unused_count: 0, max_span: 3600000 },
        { tenant: 'globex', datasource: DS, used_count: 0, unused_count: 1, max_span: 3600000 },
      ]);
  });

  it('a retried batch leaves the rows of one application', () => {
    spec
      .given([published([h0, h1])])
      .whenRetried([ids('SegmentsMarkedUnused', [h0])])
      .then(counts, [{ tenant: 'acme', datasource: DS, used_count: 1, unused_count: 1, max_span: 3600000 }]);
  });
});
