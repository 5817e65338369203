import { inStream, ProjectionSpecification } from '@engine/testing';
import { auditAggregatesProjection, padPosition } from './audit-aggregates.projection';

const spec = ProjectionSpecification.for(auditAggregatesProjection, { stream: 'datasource-acme/wiki' });
const rows = `SELECT tenant, category, id, events, first_at, last_revision, last_position, last_type,
  last_actor, last_source, last_correlation, last_at FROM aggregates ORDER BY tenant, category, id`;
const summary =
  'SELECT tenant, category, id, events, last_type FROM aggregates ORDER BY tenant, category, id';

// Any family's event: the projection reads none of their payloads.
const published = { type: 'SegmentsPublished', data: { segments: [] } };
const unused = { type: 'SegmentsMarkedUnused', data: { ids: ['s1'] } };
const partAdded = { type: 'PartAdded', data: { part: { name: 'all_1_1_0' } } };

describe('audit-aggregates projection', () => {
  it('subscribes to every event of every category', () => {
    expect(auditAggregatesProjection.filter).toBeUndefined();
  });

  it("counts a stream's events and keeps when it was first recorded and its last change", () => {
    spec
      .given([
        published,
        {
          event: unused,
          time: '2024-03-01T10:00:00.000Z',
          metadata: { actor: 'ops', source: 'druid', correlationId: 'req-7' },
        },
      ])
      .then(rows, [
        {
          tenant: 'acme',
          category: 'datasource',
          id: 'wiki',
          events: 2,
          // The store's recordedAt (the spec helper records 500 ms after the event occurred).
          first_at: '2024-01-01T00:00:01.500Z',
          last_revision: '1',
          last_position: padPosition(2n),
          last_type: 'SegmentsMarkedUnused',
          last_actor: 'ops',
          last_source: 'druid',
          last_correlation: 'req-7',
          last_at: '2024-03-01T10:00:00.500Z',
        },
      ]);
  });

  it('keeps one row per tenant, category and id, decoding each part of the stream name', () => {
    spec
      .given([
        published,
        inStream('datasource-globex/wiki', published),
        inStream('mergetree-acme/db.mt', partAdded),
        inStream('lftable-glo%2Fbex/db/t%2F1', { type: 'TableCreated', data: {} }),
        unused,
      ])
      .then(summary, [
        { tenant: 'acme', category: 'datasource', id: 'wiki', events: 2, last_type: 'SegmentsMarkedUnused' },
        { tenant: 'acme', category: 'mergetree', id: 'db.mt', events: 1, last_type: 'PartAdded' },
        { tenant: 'glo/bex', category: 'lftable', id: 'db/t/1', events: 1, last_type: 'TableCreated' },
        { tenant: 'globex', category: 'datasource', id: 'wiki', events: 1, last_type: 'SegmentsPublished' },
      ]);
  });

  it('leaves out streams that are no aggregate (no tenant and id in the name)', () => {
    spec
      .given([
        inStream('counter', published),
        inStream('-acme/x', published),
        inStream('datasource-acme', unused),
      ])
      .then(summary, []);
  });

  it('pads positions so that text order is numeric order, beyond 2^53', () => {
    expect(padPosition(18446744073709551615n)).toBe('18446744073709551615');
    expect(padPosition(9n) < padPosition(10n)).toBe(true);
  });

  it('counts a retried batch once', () => {
    spec
      .given([published])
      .whenRetried([unused, unused])
      .then(summary, [
        { tenant: 'acme', category: 'datasource', id: 'wiki', events: 3, last_type: 'SegmentsMarkedUnused' },
      ]);
  });
});
