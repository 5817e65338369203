import { DeciderSpecification } from '@engine/testing';
import { mergeTreeDecider } from './mergetree.decider';
import {
  added,
  cmd,
  created,
  dateDefinition,
  day,
  missingTable,
  mt,
  other,
  otherTable,
  part,
  refusedWith,
} from './mergetree.spec-fixtures';

const spec = DeciderSpecification.for(mergeTreeDecider);
const s1 = part('2020-11-21', 1);
const s2 = part('2020-11-21', 2);
const d1 = part('2020-11-21', 1);
const destination = [created(), added(d1)];

describe('AttachPartitionFrom', () => {
  it('copies the source partition under new block numbers', () => {
    spec
      .given(destination)
      .when(
        cmd('AttachPartitionFrom', {
          partition: day('2020-11-21'),
          source: otherTable([s1, s2, part('2020-11-22', 3)]),
        }),
      )
      .then([
        {
          type: 'PartitionAttachedFrom',
          data: {
            source: other,
            parts: [
              { sourceName: s1.name, part: part('2020-11-21', 2) },
              { sourceName: s2.name, part: part('2020-11-21', 3) },
            ],
          },
        },
      ]);
  });

  it('keeps a merged source part level on the copy (BEHAVIOUR.md §6; 201903_1_2_1 -> _N_N_1 on 18.16)', () => {
    const merged = part('2020-11-21', 1, { maxBlock: 2, level: 1 });
    spec
      .given(destination)
      .when(cmd('AttachPartitionFrom', { partition: day('2020-11-21'), source: otherTable([merged]) }))
      .then([
        {
          type: 'PartitionAttachedFrom',
          data: {
            source: other,
            parts: [{ sourceName: merged.name, part: part('2020-11-21', 2, { level: 1 }) }],
          },
        },
      ]);
  });

  it('refuses different structures, keys, policies and a missing source', () => {
    const attach = (definition = dateDefinition) =>
      cmd('AttachPartitionFrom', { partition: day('2020-11-21'), source: otherTable([s1], definition) });
    spec
      .given(destination)
      .when(attach({ ...dateDefinition, columns: dateDefinition.columns.slice(1) }))
      .thenThrows(refusedWith('INCOMPATIBLE_COLUMNS'));
    spec
      .given(destination)
      .when(attach({ ...dateDefinition, orderBy: 's' }))
      .thenThrows(refusedWith('BAD_ARGUMENTS'));
    spec
      .given(destination)
      .when(attach({ ...dateDefinition, partitionKey: [] }))
      .thenThrows(refusedWith('BAD_ARGUMENTS'));
    spec
      .given(destination)
      .when(attach({ ...dateDefinition, storagePolicy: 'tiered' }))
      .thenThrows(refusedWith('BAD_ARGUMENTS'));
    spec
      .given(destination)
      .when(cmd('AttachPartitionFrom', { partition: day('2020-11-21'), source: missingTable }))
      .thenThrows(refusedWith('UNKNOWN_TABLE'));
  });
});

describe('ReplacePartitionFrom', () => {
  it('drops the destination partition and copies the source one, atomically, leaving a block hole (BEHAVIOUR.md §6)', () => {
    spec
      .given(destination)
      .when(cmd('ReplacePartitionFrom', { partition: day('2020-11-21'), source: otherTable([s2]) }))
      .then([
        {
          type: 'PartitionReplacedFrom',
          data: {
            source: other,
            partitionId: '20201121',
            replacedNames: [d1.name],
            parts: [{ sourceName: s2.name, part: part('2020-11-21', 3) }],
            reservedBlock: 2,
          },
        },
      ]);
  });

  it('given nothing to drop or copy, when REPLACE runs, then it still takes a block number (real server)', () => {
    spec
      .given([created()])
      .when(cmd('ReplacePartitionFrom', { partition: day('2020-11-21'), source: otherTable([]) }))
      .then([
        {
          type: 'PartitionReplacedFrom',
          data: { source: other, partitionId: '20201121', replacedNames: [], parts: [], reservedBlock: 1 },
        },
      ]);
    const replaced = {
      type: 'PartitionReplacedFrom' as const,
      data: { source: other, partitionId: '20201121', replacedNames: [], parts: [], reservedBlock: 1 },
    };
    spec
      .given([created(), replaced])
      .when(cmd('AddPart', { values: [{ kind: 'string', value: '2020-11-21' }], rows: 10, bytesOnDisk: 100 }))
      .then([added(part('2020-11-21', 2))]);
  });

  it('refuses ALL', () => {
    spec
      .given(destination)
      .when(cmd('ReplacePartitionFrom', { partition: { kind: 'all' }, source: otherTable([s2]) }))
      .thenThrows(refusedWith('SUPPORT_IS_DISABLED'));
  });
});

describe('MOVE PARTITION TO TABLE as three recorded steps', () => {
  const source = [created(), added(s1), added(s2)];
  const started = {
    type: 'PartitionMoveStarted' as const,
    data: { moveId: 'm1', destination: other, partitionId: '20201121', parts: [s1, s2] },
  };
  const destinationTable = [created(other), added(part('2020-11-21', 1))];
  const received = {
    type: 'MovedPartsReceived' as const,
    data: {
      moveId: 'm1',
      source: mt,
      parts: [
        { sourceName: s1.name, part: part('2020-11-21', 2) },
        { sourceName: s2.name, part: part('2020-11-21', 3) },
      ],
    },
  };

  it('step 1 takes the parts out of the source', () => {
    spec
      .given(source)
      .when(
        cmd('MovePartitionToTable', {
          partition: day('2020-11-21'),
          moveId: 'm1',
          destination: otherTable([]),
        }),
      )
      .then([started]);
    const state = spec.stateAfter([...source, started]);
    expect(state.activeCount).toBe(0);
    expect(state.outgoingMoves.get('m1')?.parts).toEqual([s1, s2]);
  });

  it('step 2 adds them to the destination once, even when delivered twice', () => {
    const receive = cmd('ReceiveMovedParts', {
      table: other,
      moveId: 'm1',
      source: { table: mt, definition: dateDefinition, activeParts: [] },
      parts: [s1, s2],
    });
    spec.given(destinationTable).when(receive).then([received]);
    spec
      .given([...destinationTable, received])
      .when(receive)
      .thenNothingHappens();
  });

  it('step 3 closes the move once; an abort returns the parts', () => {
    spec
      .given([...source, started])
      .when(cmd('CompletePartitionMove', { moveId: 'm1' }))
      .then([{ type: 'PartitionMoveCompleted', data: { moveId: 'm1' } }]);
    spec
      .given([...source, started, { type: 'PartitionMoveCompleted', data: { moveId: 'm1' } }])
      .when(cmd('CompletePartitionMove', { moveId: 'm1' }))
      .thenNothingHappens();
    const aborted = {
      type: 'PartitionMoveAborted' as const,
      data: { moveId: 'm1', reason: 'refused', parts: [s1, s2] },
    };
    spec
      .given([...source, started])
      .when(cmd('AbortPartitionMove', { moveId: 'm1', reason: 'refused' }))
      .then([aborted]);
    expect(spec.stateAfter([...source, started, aborted]).activeCount).toBe(2);
  });

  it('a move stored in several events by earlier versions is still one move: an abort returns every part', () => {
    const inTwo = [
      { ...started, data: { ...started.data, parts: [s1] } },
      { ...started, data: { ...started.data, parts: [s2] } },
    ];
    spec
      .given([...source, ...inTwo])
      .when(cmd('AbortPartitionMove', { moveId: 'm1', reason: 'refused' }))
      .then([{ type: 'PartitionMoveAborted', data: { moveId: 'm1', reason: 'refused', parts: [s1, s2] } }]);
  });

  it('refuses a missing destination, another engine family, the same table and ALL', () => {
    const move = (destinationTable: ReturnType<typeof otherTable>) =>
      cmd('MovePartitionToTable', {
        partition: day('2020-11-21'),
        moveId: 'm1',
        destination: destinationTable,
      });
    spec.given(source).when(move(missingTable)).thenThrows(refusedWith('UNKNOWN_TABLE'));
    spec
      .given(source)
      .when(move(otherTable([], { ...dateDefinition, engine: 'ReplicatedMergeTree' })))
      .thenThrows(refusedWith('BAD_ARGUMENTS'));
    spec
      .given(source)
      .when(move({ table: mt, definition: dateDefinition, activeParts: [] }))
      .thenThrows(refusedWith('BAD_ARGUMENTS'));
    spec
      .given(source)
      .when(
        cmd('MovePartitionToTable', {
          partition: { kind: 'all' },
          moveId: 'm1',
          destination: otherTable([]),
        }),
      )
      .thenThrows(refusedWith('SUPPORT_IS_DISABLED'));
  });
});

describe('FetchPartition / FetchPart', () => {
  const replicated = { ...dateDefinition, engine: "ReplicatedMergeTree('/clickhouse/tables/01/mt', 'r1')" };

  it('refuses FETCH on a plain MergeTree with NOT_IMPLEMENTED (48, BEHAVIOUR.md §6)', () => {
    spec
      .given([created()])
      .when(cmd('FetchPartition', { partition: day('2020-11-21'), from: '/p', source: otherTable([s1]) }))
      .thenThrows(refusedWith('NOT_IMPLEMENTED'));
  });

  it('places the source parts in detached under their names', () => {
    spec
      .given([created(mt, replicated)])
      .when(
        cmd('FetchPartition', {
          partition: day('2020-11-21'),
          from: '/clickhouse/tables/01/other',
          source: otherTable([s1, s2]),
        }),
      )
      .then([
        {
          type: 'PartsFetched',
          data: {
            from: '/clickhouse/tables/01/other',
            parts: [
              { name: s1.name, reason: '', part: s1 },
              { name: s2.name, reason: '', part: s2 },
            ],
          },
        },
      ]);
  });

  it('refuses an empty partition, a missing part and a duplicate detached name', () => {
    spec
      .given([created(mt, replicated)])
      .when(cmd('FetchPartition', { partition: day('2021-01-01'), from: '/p', source: otherTable([s1]) }))
      .thenThrows(refusedWith('NO_SUCH_DATA_PART'));
    spec
      .given([created(mt, replicated)])
      .when(cmd('FetchPart', { name: '20201121_9_9_0', from: '/p', source: otherTable([s1]) }))
      .thenThrows(refusedWith('NO_SUCH_DATA_PART'));
    const fetched = {
      type: 'PartsFetched' as const,
      data: { from: '/p', parts: [{ name: s1.name, reason: '', part: s1 }] },
    };
    spec
      .given([created(mt, replicated), fetched])
      .when(cmd('FetchPart', { name: s1.name, from: '/p', source: otherTable([s1]) }))
      .thenThrows(refusedWith('DUPLICATE_DATA_PART'));
  });
});
