/**
 * Part names as ClickHouse writes them: `{partitionId}_{minBlock}_{maxBlock}_{level}` plus
 * `_{mutation}` when the part was rewritten by a mutation. Detached parts may carry a reason
 * prefix (`broken_all_1_1_0`); the prefix is the `reason` column of system.detached_parts.
 */

export interface PartInfo {
  readonly partitionId: string;
  readonly minBlock: number;
  readonly maxBlock: number;
  readonly level: number;
  readonly mutation: number;
}

const PARTITION_ID = /^[A-Za-z0-9-]+$/;
const NUMBER = /^(0|[1-9][0-9]*)$/;

/** Reasons ClickHouse itself prefixes detached directories with (DetachedPartInfo::DETACH_REASONS). */
export const DETACH_REASONS = [
  'broken',
  'unexpected',
  'noquorum',
  'ignored',
  'broken-on-start',
  'clone',
  'attaching',
  'deleting',
  'tmp-fetch',
  'covered-by-broken',
  'merge-not-byte-identical',
  'mutate-not-byte-identical',
  'broken-from-backup',
] as const;

export function isValidPartitionId(id: string): boolean {
  return PARTITION_ID.test(id);
}

export function formatPartName(info: PartInfo): string {
  const base = `${info.partitionId}_${info.minBlock}_${info.maxBlock}_${info.level}`;
  return info.mutation === 0 ? base : `${base}_${info.mutation}`;
}

export function parsePartName(name: string): PartInfo | undefined {
  const pieces = name.split('_');
  if (pieces.length !== 4 && pieces.length !== 5) return undefined;
  const [partitionId, ...numbers] = pieces;
  if (!isValidPartitionId(partitionId) || !numbers.every((n) => NUMBER.test(n))) return undefined;
  const [minBlock, maxBlock, level, mutation = 0] = numbers.map(Number);
  if (numbers.some((n) => !Number.isSafeInteger(Number(n))) || minBlock > maxBlock) return undefined;
  return { partitionId, minBlock, maxBlock, level, mutation };
}

/** Splits a detached directory name into its reason prefix ('' for a user DETACH) and part name. */
export function splitDetachedName(name: string): { reason: string; partName: string } {
  for (const reason of DETACH_REASONS) {
    if (name.startsWith(`${reason}_`) && parsePartName(name.slice(reason.length + 1))) {
      return { reason, partName: name.slice(reason.length + 1) };
    }
  }
  return { reason: '', partName: name };
}

/** A part name that would escape the detached directory (ClickHouse: INCORRECT_FILE_NAME). */
export function isUnsafeFileName(name: string): boolean {
  return name.length === 0 || name.includes('/') || name === '.' || name === '..';
}

/** BEHAVIOUR.md §2: A contains B when it spans B's blocks at a level at least as high. */
export function containsPart(a: PartInfo, b: PartInfo): boolean {
  return (
    a.partitionId === b.partitionId &&
    a.minBlock <= b.minBlock &&
    a.maxBlock >= b.maxBlock &&
    a.level >= b.level &&
    ((a.minBlock === b.minBlock && a.maxBlock === b.maxBlock) || a.level > b.level)
  );
}
