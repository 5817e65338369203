import type { AttachPart, AttachPartition, DetachPart, DetachPartition } from './mergetree.commands';
import { mergeTreeError } from './mergetree.errors';
import type { PartRecord, PartsAttached, PartsDetached } from './mergetree.events';
import { byBlocks, renumberedPart, partitionIdsOfSelector, requireTable } from './mergetree.rules';
import type { MergeTreeState } from './mergetree.state';
import { activePartsOf, detachedOf } from './mergetree.state';
import { containsPart, isUnsafeFileName, parsePartName } from './part-name.value-object';
import type { DetachedPartRecord } from './mergetree.events';

/** DETACH moves active parts to detached under the same name; ATTACH brings them back under new block numbers. */

export function decideDetachPartition(command: DetachPartition, state: MergeTreeState): PartsDetached[] {
  const { definition } = requireTable(state, command.table);
  const parts = partitionIdsOfSelector(definition, command.partition, state.active.keys()).flatMap((id) =>
    activePartsOf(state, id).sort(byBlocks),
  );
  return detach(parts, state, command.now);
}

export function decideDetachPart(command: DetachPart, state: MergeTreeState): PartsDetached[] {
  requireTable(state, command.table);
  return detach([requireActivePart(state, command.name)], state, command.now);
}

function detach(parts: PartRecord[], state: MergeTreeState, now: string): PartsDetached[] {
  if (parts.length === 0) return [];
  // A name already taken in detached gets `_try1`, `_try2`, ... (MergeTreeData::Part renameToDetached
  // via IMergeTreeDataPart::getRelativePathForDetachedPart; BEHAVIOUR.md §6).
  const renamed: Record<string, string> = {};
  for (const part of parts) {
    if (!state.detached.has(part.name)) continue;
    let attempt = 1;
    while (state.detached.has(`${part.name}_try${attempt}`)) attempt++;
    renamed[part.name] = `${part.name}_try${attempt}`;
  }
  const detachedAs = Object.fromEntries(Object.entries(renamed));
  return [
    {
      type: 'PartsDetached',
      data: { parts, detachedAt: now, ...(Object.keys(detachedAs).length > 0 ? { detachedAs } : {}) },
    },
  ];
}

export function requireActivePart(state: MergeTreeState, name: string): PartRecord {
  const info = parsePartName(name);
  if (!info) throw mergeTreeError('BAD_DATA_PART_NAME', `Unexpected part name: ${name}`);
  const part = state.active.get(info.partitionId)?.get(name);
  if (!part) throw mergeTreeError('NO_SUCH_DATA_PART', `No part ${name} in committed state`);
  return part;
}

/**
 * Every plain detached part of the partition that no other plain detached part covers; prefixed
 * ones (`broken_...`) are never attached by partition.
 */
export function decideAttachPartition(command: AttachPartition, state: MergeTreeState): PartsAttached[] {
  const { definition } = requireTable(state, command.table);
  const candidates = partitionIdsOfSelector(
    definition,
    command.partition,
    state.detachedByPartition.keys(),
  ).flatMap((id) => {
    // `<name>_try1` is no part name: ATTACH PARTITION leaves it in detached, as ClickHouse does.
    const plain = detachedOf(state, id).filter((d) => d.reason === '' && parsePartName(d.name) !== undefined);
    return plain.filter((d) => !plain.some((other) => other !== d && containsPart(other.part, d.part)));
  });
  return attach(
    candidates.sort((a, b) => byBlocks(a.part, b.part)),
    state.nextBlock,
  );
}

export function decideAttachPart(command: AttachPart, state: MergeTreeState): PartsAttached[] {
  requireTable(state, command.table);
  return attach([requireDetachedPart(state, command.name)], state.nextBlock);
}

export function requireDetachedPart(state: MergeTreeState, name: string): DetachedPartRecord {
  if (isUnsafeFileName(name)) throw mergeTreeError('INCORRECT_FILE_NAME', `Invalid part name '${name}'`);
  const detached = state.detached.get(name);
  if (!detached) throw mergeTreeError('BAD_DATA_PART_NAME', `Detached part "${name}" not found`);
  return detached;
}

function attach(parts: DetachedPartRecord[], firstBlock: number): PartsAttached[] {
  if (parts.length === 0) return [];
  for (const detached of parts) {
    if (detached.reason !== '') {
      throw mergeTreeError(
        'BAD_DATA_PART_NAME',
        `Detached part "${detached.name}" is ${detached.reason}, it cannot be attached`,
      );
    }
  }
  const attached = parts.map((detached, i) => ({
    detachedName: detached.name,
    part: renumberedPart(detached.part, firstBlock + i),
  }));
  return [{ type: 'PartsAttached', data: { parts: attached } }];
}
