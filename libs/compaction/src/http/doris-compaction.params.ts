import { COMPACTION_TYPES, type CompactionType } from '../domain';
import { parseId } from './validated';

/** A request Doris refuses before touching any tablet; rendered as `{"status":"Fail","msg":...}`. */
export class DorisRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DorisRequestError';
  }
}

export type CompactionTarget =
  { kind: 'tablet'; tabletId: number; compactionType: CompactionType } | { kind: 'table'; tableId: number };

type QueryParams = Record<string, unknown>;

/** Doris reads one value per parameter; an empty value counts as absent, as `req->param()` does. */
function param(query: QueryParams, name: string): string {
  const raw = query[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return typeof value === 'string' ? value : '';
}

/**
 * Doris parses ids with std::stoull and reports `convert <name> failed, stoull`. Stricter by
 * choice: only plain digits, and at most 2^53-1 so ids stay exact in JSON numbers.
 */
function id(name: string, value: string): number {
  const parsed = parseId(value);
  if (parsed === undefined) throw new DorisRequestError(`convert ${name} failed, stoull`);
  return parsed;
}

/** `POST /api/compaction/run`, checked in Doris's order (BEHAVIOUR.md section 3). */
export function compactionTarget(query: QueryParams): CompactionTarget {
  const tabletId = param(query, 'tablet_id');
  const tableId = param(query, 'table_id');
  if (tabletId === '' && tableId === '') {
    throw new DorisRequestError('tablet id and table id can not be empty at the same time!');
  }
  if (tabletId !== '' && tableId !== '') {
    throw new DorisRequestError('tablet id and table id can not be set at the same time!');
  }
  const target = tabletId !== '' ? id('tablet_id', tabletId) : id('table_id', tableId);
  const compactionType = param(query, 'compact_type');
  if (!(COMPACTION_TYPES as readonly string[]).includes(compactionType)) {
    throw new DorisRequestError(`The compaction type '${compactionType}' is not supported`);
  }
  // Doris takes the table path only for a non-zero table_id: `table_id=0` looks up tablet 0, which
  // does not exist ("Tablet not found"; compaction_action.cpp, BEHAVIOUR.md §6).
  if (tabletId === '' && target === 0) {
    return { kind: 'tablet', tabletId: 0, compactionType: compactionType as CompactionType };
  }
  // Doris runs a full compaction for a table whatever compact_type says.
  return tabletId !== ''
    ? { kind: 'tablet', tabletId: target, compactionType: compactionType as CompactionType }
    : { kind: 'table', tableId: target };
}

/** `tablet_id` of run_status and show. Doris would report on every tablet without one; we ask for it. */
export function requiredTabletId(query: QueryParams): number {
  const tabletId = param(query, 'tablet_id');
  if (tabletId === '') throw new DorisRequestError('tablet id can not be empty!');
  return id('tablet_id', tabletId);
}
