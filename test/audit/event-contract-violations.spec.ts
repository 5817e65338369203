import { EventSchemaRegistry } from '@engine/audit';
import { SqliteEventStore } from '@engine/eventstore';
import { eventMetadata } from '@engine/testing';
import { FAMILY_CONTRACTS } from '../../apps/engine/src/audit-registrations';
import { EventContractChecker, storeContractViolations } from './support/event-contract';

/**
 * The check the end-to-end suites end with (`contractViolations`) must bite: events that break
 * their schema in any way are reported, each by type and position, and valid ones are not.
 */

const metadata = eventMetadata();
const plan = { planId: 'p1', at: '2026-01-01T00:00:00.000Z' };
const run = { ...plan, runType: 'MANUAL', partitions: ['2025-10-01'] };

describe('event contract violations', () => {
  const schemas = new EventSchemaRegistry(FAMILY_CONTRACTS.flatMap((f) => f.schemas));

  it('given a store with one valid event and six broken ones (data or envelope), reports exactly the broken ones', async () => {
    const store = new SqliteEventStore({ file: ':memory:' });
    const events: [string, unknown, Record<string, unknown>?][] = [
      ['PartitionsBackfilled', run],
      ['PartitionsBackfilled', { ...run, partitions: ['October'] }],
      ['PartitionsCleared', { planId: 'p1', partitions: [] }],
      ['MaterializationPlanDeleted', { ...plan, extra: true }],
      ['MaterializationPlanCleared', { ...plan, partitionsCleared: -1 }],
      ['PlanRenamed', plan],
    ];
    await store.append(
      'matplan-acme/p1',
      events.map(([type, data], i) => ({ id: `e${i}`, type, data, metadata })),
      'no_stream',
    );
    await store.append(
      'matplan-acme/p2',
      [
        {
          id: 'bad-meta',
          type: 'MaterializationPlanDeleted',
          data: plan,
          metadata: { ...metadata, source: 'x' },
        },
      ],
      'no_stream',
    );
    const problems = await storeContractViolations(store, schemas);
    await store.close();
    expect(problems).toEqual([
      expect.stringMatching(/^matplan\.PartitionsBackfilled at 2: .*must match pattern/),
      expect.stringMatching(/^matplan\.PartitionsCleared at 3: .*must have required property 'at'/),
      expect.stringMatching(
        /^matplan\.MaterializationPlanDeleted at 4: .*must NOT have additional properties/,
      ),
      expect.stringMatching(/^matplan\.MaterializationPlanCleared at 5: .*must be >= 0/),
      'matplan.PlanRenamed (position 6) has no schema',
      expect.stringMatching(/^matplan\.MaterializationPlanDeleted at 7: data\/metadata\/source/),
    ]);
  });

  it('rejects a decided event whose data breaks its schema, naming the type', () => {
    const checker = new EventContractChecker(schemas);
    expect(checker.decided('matplan', { type: 'PartitionsBackfilled', data: run })).toEqual([]);
    expect(
      checker.decided('matplan', { type: 'PartitionsBackfilled', data: { ...run, at: 'yesterday' } }),
    ).toEqual([
      expect.stringMatching(/^matplan\.PartitionsBackfilled: data\/at must match format "date-time"/),
    ]);
    expect(checker.decided('datasource', { type: 'PartitionsBackfilled', data: run })).toEqual([
      'datasource.PartitionsBackfilled has no schema',
    ]);
  });
});
