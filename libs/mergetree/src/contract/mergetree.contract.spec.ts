import {
  allActiveParts,
  MergeTreeCommand,
  mergeTreeDecider,
  MergeTreeState,
  OtherTable,
  PartitionMoveStarted,
  TableDefinition,
  TableRef,
} from '../domain';
import { decideAll, expectDecidedEventsMatch } from '../../../../test/audit/support/event-contract';
import { MERGETREE_EVENT_SCHEMAS } from './mergetree.schemas';

/**
 * The schemas against real events: this family's own decider runs a short lifecycle that emits
 * every event type, and every event it returns must match its type's JSON Schema. Adding an event
 * type: emit it here too (the spec fails until every type is covered).
 */

const NOW = '2026-01-02T03:04:05.000Z';
/** A command without its table and time, which the lifecycle adds (Omit over each member of the union). */
type OnTable = MergeTreeCommand extends infer C
  ? C extends MergeTreeCommand
    ? Omit<C, 'table' | 'now'>
    : never
  : never;

describe('mergetree events decided by the domain match the published JSON Schemas', () => {
  it('given a lifecycle emitting every event type, each event matches its schema', () => {
    const mt: TableRef = { database: 'db', table: 'mt' };
    const src: TableRef = { database: 'db', table: 'src' };
    const definition = {
      engine: 'MergeTree',
      columns: [
        { name: 'd', type: 'Date' },
        { name: 'x', type: 'UInt64' },
      ],
      indices: ['idx_x'],
      partitionKey: [{ function: 'identity', column: 'd' }],
      orderBy: 'x',
      primaryKey: 'x',
      storagePolicy: 'tiered',
    };
    const day = (value: string) => ({ kind: 'value', values: [{ kind: 'string', value }] }) as const;
    const on = (table: TableRef, commands: OnTable[]) =>
      commands.map((c) => ({ ...c, table, now: NOW }) as MergeTreeCommand);
    const other = (table: TableRef, state: MergeTreeState): OtherTable => ({
      table,
      definition: state.definition as TableDefinition,
      activeParts: allActiveParts(state),
    });
    const create = { type: 'CreateTable', definition, ifNotExists: false } as const;
    const add = (d: string) =>
      ({ type: 'AddPart', values: [{ kind: 'string', value: d }], rows: 10, bytesOnDisk: 100 }) as const;

    const source = decideAll(
      mergeTreeDecider,
      on(src, [create, add('2024-01-01'), add('2024-02-01'), add('2024-03-01')]),
    );
    const first = decideAll(
      mergeTreeDecider,
      on(mt, [
        create,
        add('2024-01-01'),
        add('2024-01-01'),
        { type: 'MergeParts', partition: day('2024-01-01'), final: true },
        { type: 'DetachPartition', partition: day('2024-01-01') },
        { type: 'AttachPartition', partition: day('2024-01-01') },
        add('2024-01-02'),
        { type: 'DetachPartition', partition: day('2024-01-02') },
        { type: 'DropDetachedPartition', partition: day('2024-01-02'), allowDropDetached: true },
        { type: 'ForgetPartition', partition: day('2024-01-02') },
        { type: 'FreezePartition', withName: 'b1' },
        { type: 'UnfreezePartition', withName: 'b1' },
        { type: 'ClearColumnInPartition', column: 'x', partition: day('2024-01-01') },
        {
          type: 'MovePartitionToDisk',
          partition: day('2024-01-01'),
          target: { kind: 'volume', name: 'slow' },
        },
        { type: 'RegisterDetachedPart', name: 'broken_20240101_9_9_0', rows: 1, bytesOnDisk: 1 },
      ]),
    );
    const sourceTable = other(src, source.state);
    const second = decideAll(
      mergeTreeDecider,
      on(mt, [
        { type: 'AttachPartitionFrom', partition: day('2024-02-01'), source: sourceTable },
        { type: 'ReplacePartitionFrom', partition: day('2024-03-01'), source: sourceTable },
        { type: 'DropPartition', partition: day('2024-03-01') },
      ]),
      first.state,
    );
    const moving = decideAll(
      mergeTreeDecider,
      on(src, [
        {
          type: 'MovePartitionToTable',
          partition: day('2024-01-01'),
          moveId: 'm1',
          destination: other(mt, second.state),
        },
        { type: 'CompletePartitionMove', moveId: 'm1' },
        {
          type: 'MovePartitionToTable',
          partition: day('2024-02-01'),
          moveId: 'm2',
          destination: other(mt, second.state),
        },
        { type: 'AbortPartitionMove', moveId: 'm2', reason: 'destination refused' },
      ]),
      source.state,
    );
    // FETCH needs a replicated table (a plain MergeTree refuses it).
    const replica: TableRef = { database: 'db', table: 'replica' };
    const fetched = decideAll(
      mergeTreeDecider,
      on(replica, [
        {
          ...create,
          definition: { ...definition, engine: "ReplicatedMergeTree('/clickhouse/tables/01/replica', 'r1')" },
        },
        {
          type: 'FetchPartition',
          partition: day('2024-02-01'),
          from: '/clickhouse/tables/01/src',
          source: sourceTable,
        },
      ]),
    );
    const started = moving.events.find((e): e is PartitionMoveStarted => e.type === 'PartitionMoveStarted')!;
    const received = decideAll(
      mergeTreeDecider,
      on(mt, [
        {
          type: 'ReceiveMovedParts',
          moveId: 'm1',
          source: other(src, source.state),
          parts: started.data.parts,
        },
      ]),
      second.state,
    );
    expectDecidedEventsMatch(MERGETREE_EVENT_SCHEMAS, [
      ...source.events,
      ...first.events,
      ...second.events,
      ...moving.events,
      ...received.events,
      ...fetched.events,
    ]);
  });
});
