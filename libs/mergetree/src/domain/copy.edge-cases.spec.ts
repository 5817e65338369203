import { DeciderSpecification } from '@engine/testing';
import type { MergeTreeCommand } from './mergetree.commands';
import { mergeTreeDecider } from './mergetree.decider';
import type { MergeTreeEvent } from './mergetree.events';
import {
  added,
  cmd,
  created,
  dateDefinition,
  day,
  LATER,
  missingTable,
  mt,
  other,
  otherTable,
  part,
  refused,
} from './mergetree.spec-fixtures';
import type { TableDefinition } from './table-definition.value-object';

const spec = DeciderSpecification.for(mergeTreeDecider);
const at = <C extends MergeTreeCommand>(command: C): C => ({ ...command, now: LATER });
const replicated: TableDefinition = {
  ...dateDefinition,
  engine: "ReplicatedMergeTree('/clickhouse/tables/01/mt', 'r1')",
};
const s1 = part('2020-11-21', 1);
const s2 = part('2020-11-21', 2);
const s3 = part('2020-11-22', 3);

describe('tables that must match: edge cases', () => {
  const attachFrom = (definition: TableDefinition | null) =>
    cmd('AttachPartitionFrom', {
      partition: day('2020-11-21'),
      source: definition ? otherTable([s1], definition) : missingTable,
    });

  it('names the first difference between the tables', () => {
    const h = [created()];
    expect(refused(h, attachFrom(null))).toEqual(['UNKNOWN_TABLE', 'Table db.other does not exist']);
    expect(
      refused(h, attachFrom({ ...dateDefinition, columns: [...dateDefinition.columns].reverse() })),
    ).toEqual(['INCOMPATIBLE_COLUMNS', 'Tables have different structure']);
    const retyped = dateDefinition.columns.map((c) => (c.name === 'x' ? { ...c, type: 'UInt32' } : c));
    expect(refused(h, attachFrom({ ...dateDefinition, columns: retyped }))[0]).toBe('INCOMPATIBLE_COLUMNS');
    expect(refused(h, attachFrom({ ...dateDefinition, partitionKey: [] }))).toEqual([
      'BAD_ARGUMENTS',
      'Tables have different partition key',
    ]);
    expect(refused(h, attachFrom({ ...dateDefinition, orderBy: 's' }))).toEqual([
      'BAD_ARGUMENTS',
      'Tables have different ordering',
    ]);
    expect(refused(h, attachFrom({ ...dateDefinition, primaryKey: 's' }))).toEqual([
      'BAD_ARGUMENTS',
      'Tables have different primary key',
    ]);
    expect(refused(h, attachFrom({ ...dateDefinition, storagePolicy: 'tiered' }))).toEqual([
      'BAD_ARGUMENTS',
      'Destination table db.mt should have the same storage policy of source table db.other',
    ]);
  });

  it('lets ATTACH PARTITION FROM copy between engine families, which MOVE refuses', () => {
    const [event] = spec.given([created()]).when(attachFrom(replicated)).events();
    expect(event.type).toBe('PartitionAttachedFrom');
    expect(
      refused(
        [created(), added(s1)],
        cmd('MovePartitionToTable', {
          partition: day('2020-11-21'),
          moveId: 'm1',
          destination: otherTable([], replicated),
        }),
      ),
    ).toEqual(['BAD_ARGUMENTS', 'Table engines are not of the same family (replicated and non-replicated)']);
  });
});

describe('AttachPartitionFrom / ReplacePartitionFrom: edge cases', () => {
  it('given ALL, copies every source partition, ordered by blocks then level, at the time of the request', () => {
    const wide = part('2020-11-21', 1, { maxBlock: 2, level: 1 });
    const high = part('2020-11-21', 1, { level: 1 });
    spec
      .given([created()])
      .when(
        at(
          cmd('AttachPartitionFrom', {
            partition: { kind: 'all' },
            source: otherTable([s3, wide, high, s1]),
          }),
        ),
      )
      .then([
        {
          type: 'PartitionAttachedFrom',
          data: {
            source: other,
            parts: [
              { sourceName: s1.name, part: part('2020-11-21', 1, { modifiedAt: LATER }) },
              { sourceName: high.name, part: part('2020-11-21', 2, { level: 1, modifiedAt: LATER }) },
              { sourceName: wide.name, part: part('2020-11-21', 3, { level: 1, modifiedAt: LATER }) },
              { sourceName: s3.name, part: part('2020-11-22', 4, { modifiedAt: LATER }) },
            ],
          },
        },
      ]);
  });

  it('copies nothing when the source has no such partition', () => {
    spec
      .given([created()])
      .when(cmd('AttachPartitionFrom', { partition: day('2021-01-01'), source: otherTable([s1]) }))
      .thenNothingHappens();
    spec
      .given([created()])
      .when(cmd('AttachPartitionFrom', { partition: { kind: 'all' }, source: otherTable([]) }))
      .thenNothingHappens();
  });

  it('REPLACE names the replaced parts by blocks and copies only the chosen partition', () => {
    const history = [created(), added(part('2020-11-21', 3)), added(part('2020-11-21', 1))];
    spec
      .given(history)
      .when(
        at(
          cmd('ReplacePartitionFrom', {
            partition: { kind: 'id', id: '20201121' },
            source: otherTable([s3, s2]),
          }),
        ),
      )
      .then([
        {
          type: 'PartitionReplacedFrom',
          data: {
            source: other,
            partitionId: '20201121',
            replacedNames: ['20201121_1_1_0', '20201121_3_3_0'],
            parts: [{ sourceName: s2.name, part: part('2020-11-21', 5, { modifiedAt: LATER }) }],
            reservedBlock: 4,
          },
        },
      ]);
    expect(
      refused(history, cmd('ReplacePartitionFrom', { partition: { kind: 'all' }, source: otherTable([]) })),
    ).toEqual(['SUPPORT_IS_DISABLED', 'Only support DROP/DETACH/ATTACH PARTITION ALL currently']);
    expect(
      refused(
        history,
        cmd('ReplacePartitionFrom', { partition: { kind: 'id', id: 'a_b' }, source: otherTable([]) }),
      ),
    ).toEqual(['INVALID_PARTITION_VALUE', "Invalid partition ID 'a_b': it must match [A-Za-z0-9-]+"]);
  });
});

describe('MOVE PARTITION TO TABLE: edge cases', () => {
  const move = (destination = otherTable([]), moveId = 'm1') =>
    cmd('MovePartitionToTable', { partition: day('2020-11-21'), moveId, destination });

  it('names the same table, a missing destination, and compares with the destination first', () => {
    const h = [created(), added(s1)];
    expect(refused(h, move({ table: mt, definition: dateDefinition, activeParts: [] }))).toEqual([
      'BAD_ARGUMENTS',
      'Cannot move partition to the same table',
    ]);
    expect(refused(h, move(missingTable))).toEqual(['UNKNOWN_TABLE', 'Table db.other does not exist']);
    expect(refused(h, move(otherTable([], { ...dateDefinition, storagePolicy: 'tiered' })))[1]).toBe(
      'Destination table db.other should have the same storage policy of source table db.mt',
    );
    // A table of that name in another database is another table.
    const [event] = spec
      .given(h)
      .when(move({ table: { database: 'db2', table: 'mt' }, definition: dateDefinition, activeParts: [] }))
      .events();
    expect(event.type).toBe('PartitionMoveStarted');
  });

  it('takes the parts by blocks, starts a move once, and starts nothing for an empty partition', () => {
    const history = [created(), added(part('2020-11-21', 3)), added(s1)];
    const started: MergeTreeEvent = {
      type: 'PartitionMoveStarted',
      data: { moveId: 'm1', destination: other, partitionId: '20201121', parts: [s1, part('2020-11-21', 3)] },
    };
    spec.given(history).when(move()).then([started]);
    // A part written after step 1 does not join a redelivered step 1.
    spec
      .given([...history, started, added(part('2020-11-21', 4))])
      .when(move())
      .thenNothingHappens();
    spec
      .given([...history, started])
      .when(move(otherTable([]), 'm2'))
      .thenNothingHappens();
  });

  it('receives only the parts of this move not received yet, from a table of the same family', () => {
    const receive = (parts = [s1, s2], moveId = 'm1', definition: TableDefinition | null = dateDefinition) =>
      at(
        cmd('ReceiveMovedParts', {
          table: other,
          moveId,
          source: { table: mt, definition: definition ?? undefined, activeParts: [] },
          parts,
        }),
      );
    const destination = [created(other)];
    const first: MergeTreeEvent = {
      type: 'MovedPartsReceived',
      data: { moveId: 'm1', source: mt, parts: [{ sourceName: s1.name, part: part('2020-11-21', 1) }] },
    };
    spec
      .given([...destination, first])
      .when(receive())
      .then([
        {
          type: 'MovedPartsReceived',
          data: {
            moveId: 'm1',
            source: mt,
            parts: [{ sourceName: s2.name, part: part('2020-11-21', 2, { modifiedAt: LATER }) }],
          },
        },
      ]);
    const [again] = spec
      .given([...destination, first])
      .when(receive([s1], 'm2'))
      .events();
    expect(again).toMatchObject({ data: { moveId: 'm2', parts: [{ sourceName: s1.name }] } });
    expect(refused(destination, receive([s1], 'm1', replicated))[0]).toBe('BAD_ARGUMENTS');
    expect(refused(destination, receive([s1], 'm1', null))).toEqual([
      'UNKNOWN_TABLE',
      'Table db.mt does not exist',
    ]);
  });

  it('completes or aborts only a move it knows, carrying the reason', () => {
    spec
      .given([created()])
      .when(cmd('CompletePartitionMove', { moveId: 'm1' }))
      .thenNothingHappens();
    spec
      .given([created()])
      .when(cmd('AbortPartitionMove', { moveId: 'm1', reason: 'refused' }))
      .thenNothingHappens();
    const started: MergeTreeEvent = {
      type: 'PartitionMoveStarted',
      data: { moveId: 'm1', destination: other, partitionId: '20201121', parts: [s1] },
    };
    spec
      .given([created(), added(s1), started])
      .when(cmd('AbortPartitionMove', { moveId: 'm1', reason: 'disk full' }))
      .then([{ type: 'PartitionMoveAborted', data: { moveId: 'm1', reason: 'disk full', parts: [s1] } }]);
    spec
      .given([created(), added(s1), started])
      .when(cmd('AbortPartitionMove', { moveId: 'm2', reason: 'refused' }))
      .thenNothingHappens();
  });
});

describe('FETCH: edge cases', () => {
  const onReplica = [created(mt, replicated)];
  const fetchPartition = (source = otherTable([s2, s1, s3]), partition = day('2020-11-21')) =>
    cmd('FetchPartition', { partition, from: '/p', source });

  it('names the engine, the missing partition or part, and the name taken in detached', () => {
    expect(refused([created()], fetchPartition())).toEqual([
      'NOT_IMPLEMENTED',
      'Partition operations are not supported by storage MergeTree',
    ]);
    expect(
      refused([created()], cmd('FetchPart', { name: s1.name, from: '/p', source: otherTable([s1]) }))[0],
    ).toBe('NOT_IMPLEMENTED');
    expect(refused(onReplica, fetchPartition(otherTable([s1]), day('2021-01-01')))).toEqual([
      'NO_SUCH_DATA_PART',
      'Partition 20210101 does not exist in /p',
    ]);
    expect(
      refused(onReplica, cmd('FetchPart', { name: '20201121_9_9_0', from: '/p', source: otherTable([s1]) })),
    ).toEqual(['NO_SUCH_DATA_PART', 'No part 20201121_9_9_0 in /p']);
    const fetchedS2: MergeTreeEvent = {
      type: 'PartsFetched',
      data: { from: '/p', parts: [{ name: s2.name, reason: '', part: s2 }] },
    };
    expect(refused([...onReplica, fetchedS2], fetchPartition())).toEqual([
      'DUPLICATE_DATA_PART',
      'Detached part 20201121_2_2_0 already exists',
    ]);
    expect(refused(onReplica, fetchPartition(missingTable))).toEqual([
      'UNKNOWN_TABLE',
      'Table db.other does not exist',
    ]);
    expect(
      refused(
        onReplica,
        fetchPartition(otherTable([s1], { ...replicated, columns: replicated.columns.slice(1) })),
      )[0],
    ).toBe('INCOMPATIBLE_COLUMNS');
  });

  it('needs only the same structure, and fetches the partition by blocks or one named part', () => {
    const differentlySorted = otherTable([s2, s1, s3], {
      ...dateDefinition,
      orderBy: 's',
      primaryKey: 's',
      storagePolicy: 'tiered',
    });
    spec
      .given(onReplica)
      .when(fetchPartition(differentlySorted))
      .then([
        {
          type: 'PartsFetched',
          data: {
            from: '/p',
            parts: [
              { name: s1.name, reason: '', part: s1 },
              { name: s2.name, reason: '', part: s2 },
            ],
          },
        },
      ]);
    spec
      .given(onReplica)
      .when(cmd('FetchPart', { name: s2.name, from: '/p', source: differentlySorted }))
      .then([
        { type: 'PartsFetched', data: { from: '/p', parts: [{ name: s2.name, reason: '', part: s2 }] } },
      ]);
    const state = spec.stateAfter([
      ...onReplica,
      { type: 'PartsFetched', data: { from: '/p', parts: [{ name: s2.name, reason: '', part: s2 }] } },
    ]);
    expect([...state.detached.keys()]).toEqual([s2.name]);
    expect(state.activeCount).toBe(0);
  });
});
