import { streamName } from '@engine/eventstore';
import type { CommandPipeline } from '@engine/kernel';
import type { OtherTable, TableRef } from '../domain';
import { allActiveParts, mergeTreeDecider, mergeTreeSnapshotPolicy } from '../domain';

/** One stream per table: `mergetree-<tenant>/<db>.<table>`. */
export function tableStream(tenant: string, table: TableRef): string {
  return streamName('mergetree', tenant, `${table.database}.${table.table}`);
}

/** Another table's definition and active parts, copied out of the (shared, mutable) cached state. */
export async function loadOtherTable(
  pipeline: CommandPipeline,
  tenant: string,
  table: TableRef,
): Promise<OtherTable> {
  const { state } = await pipeline.load(
    tableStream(tenant, table),
    mergeTreeDecider,
    mergeTreeSnapshotPolicy,
  );
  return { table, definition: state.definition, activeParts: allActiveParts(state) };
}
