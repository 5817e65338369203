import { AuditCategory, EventSchemaSet } from '@engine/audit';
import { SubjectMatcher } from '@engine/audit/history/subject-matcher';
import { RecordedEvent } from '@engine/eventstore';
import { eventMetadata } from '@engine/testing';

/** An event's data (only the fields `describe` reads) and every subject it must be filed under. */
export interface SubjectSample {
  data: Record<string, unknown>;
  /** `kind:key`; `[]` only for events that create the aggregate. */
  subjects: string[];
}

let revision = 0n;
/** A stored event around `data`, as the audit routes hand it to `describe`. */
export const recordedEvent = (type: string, data: unknown): RecordedEvent => ({
  id: `e${revision}`,
  streamName: 'x-acme/y',
  type,
  revision: revision++,
  position: revision,
  data,
  metadata: eventMetadata(),
  recordedAt: '2026-01-01T00:00:00.000Z',
});

/**
 * Walks every event type of a category (the list comes from its published schemas, so a new type
 * without a sample fails) through the family's `describe`, and checks which subjects each one
 * files itself under.
 */
export function describeSubjectSamples(
  audit: AuditCategory,
  schemas: EventSchemaSet,
  samples: Readonly<Record<string, SubjectSample>>,
): void {
  describe(`${audit.category}: every event type files itself under the subjects it changes`, () => {
    it('has a sample for exactly the event types with a schema', () => {
      expect(audit.category).toBe(schemas.category);
      expect(Object.keys(samples).sort()).toEqual(Object.keys(schemas.events).sort());
    });

    it.each(Object.keys(schemas.events))('%s', (type) => {
      const sample = samples[type];
      const changes = audit.describe(recordedEvent(type, sample.data));
      expect([...new Set(changes.map((c) => `${c.kind}:${c.key}`))].sort()).toEqual(
        [...sample.subjects].sort(),
      );
      for (const change of changes) expect(change.change).toEqual(expect.any(String));
    });
  });
}

/** The types of the events a subject's timeline (its history route) shows, in order. */
export function timelineOf(
  audit: AuditCategory,
  subject: string,
  events: readonly [string, Record<string, unknown>][],
): string[] {
  const matcher = new SubjectMatcher(subject);
  return events
    .filter(([type, data]) => matcher.match(audit.describe(recordedEvent(type, data))).length > 0)
    .map(([type]) => type);
}
