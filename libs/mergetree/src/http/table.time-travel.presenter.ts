import type { RecordedEvent } from '@engine/eventstore';
import { DomainError, PastAggregate, TimeTravelRequest } from '@engine/kernel';
import { MergeTreeEvent, MergeTreeState, partitionKeyExpression } from '../domain';
import type { TableOverview } from '../read-models/table-overview.reader';

/** Subject kinds the presenter reads whole histories of (a backup's partition is its first freeze's). */
export const TABLE_HISTORY_OF = ['backup'] as const;

const byBlocks = (
  a: { partitionId: string; minBlock: number },
  b: { partitionId: string; minBlock: number },
) => (a.partitionId < b.partitionId ? -1 : a.partitionId > b.partitionId ? 1 : a.minBlock - b.minBlock);

/** When a part went to detached, as the detached read model records it. */
function detachedAt(event: RecordedEvent | undefined): string {
  if (!event) return '';
  const domain = { type: event.type, data: event.data } as MergeTreeEvent;
  return domain.type === 'PartsDetached' ? domain.data.detachedAt : event.metadata.occurredAt;
}

/**
 * `GET /engine/v1/mergetree/tables/{db}/{table}?asOf=` in the live route's shape (TableOverview):
 * the replayed table's active parts, detached parts and backups, ordered as the read models
 * order them.
 */
export function presentTableAt(
  past: PastAggregate<MergeTreeState>,
  { params }: TimeTravelRequest,
): TableOverview {
  const { definition } = past.state;
  const created = past.firstEvent;
  if (!definition || !created)
    throw new DomainError('UNKNOWN_TABLE', `Table ${params.database}.${params.table} does not exist`);
  const frozen = new Set<string>();
  for (const backup of past.state.backups.values()) for (const name of backup.parts.keys()) frozen.add(name);
  const activeParts = [...past.state.active.values()]
    .flatMap((parts) => [...parts.values()])
    .sort(byBlocks)
    .map((p) => ({ ...p, isFrozen: frozen.has(p.name) }));
  const detachedParts = [...past.state.detached.values()]
    .map((d) => ({
      name: d.name,
      reason: d.reason,
      partitionId: d.part.partitionId,
      minBlock: d.part.minBlock,
      maxBlock: d.part.maxBlock,
      level: d.part.level,
      rows: d.part.rows,
      bytesOnDisk: d.part.bytesOnDisk,
      disk: d.part.disk,
      detachedAt: detachedAt(past.lastChange('part', d.part.name)),
    }))
    .sort((a, b) => byBlocks(a, b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const frozenBackups = [...past.state.backups.values()]
    .sort((a, b) => a.increment - b.increment)
    .map((b) => {
      const first = past.history('backup', b.name)[0]?.data as { partitionId?: string | null } | undefined;
      return {
        name: b.name,
        increment: b.increment,
        partitionId: first?.partitionId ?? null,
        frozenAt: b.frozenAt,
        parts: [...b.parts.keys()].sort(),
      };
    });
  return {
    database: params.database,
    table: params.table,
    engine: definition.engine,
    partitionKey: partitionKeyExpression(definition.partitionKey),
    orderBy: definition.orderBy,
    storagePolicy: definition.storagePolicy,
    createdAt: (created.data as { createdAt: string }).createdAt,
    activeParts,
    detachedParts,
    frozenBackups,
  };
}
