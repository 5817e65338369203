import type { EngineSlice } from '@engine/kernel';
import { EventSchemaSet } from '../schemas/json-schema';
import { AuditCategory } from './audit-family';

/**
 * What one lifecycle family hands to audit, declared in the family (libs/<family>/src/contract):
 * for each of its stream categories, the audit view and the event schemas.
 */
export interface FamilyContract {
  /** One per stream category, built with `auditFamily({...})`. */
  readonly audit: readonly AuditCategory[];
  /** One per stream category, built with `defineEventSchemas<XEvent>()({...})`. */
  readonly schemas: readonly EventSchemaSet[];
}

/**
 * One lifecycle family as the engine sees it, exported once from the family's index
 * (`SEGMENTS_FAMILY`, ...): its module, its native error statuses and its contract. The app
 * lists the families once and derives its modules, audit registrations and error table from it.
 */
export interface EngineFamily extends EngineSlice {
  readonly contract: FamilyContract;
}

/** Every category must have both halves: an audit view without schemas (or the reverse) is a wiring error. */
export function assertCompleteContracts(families: readonly FamilyContract[]): void {
  const audited = new Set(families.flatMap((f) => f.audit.map((a) => a.category)));
  const described = new Set(families.flatMap((f) => f.schemas.map((s) => s.category)));
  const missing = [
    ...[...audited].filter((c) => !described.has(c)).map((c) => `${c} has no event schemas`),
    ...[...described].filter((c) => !audited.has(c)).map((c) => `${c} has no audit view`),
  ];
  if (missing.length > 0) throw new Error(`incomplete family contracts: ${missing.join(', ')}`);
}
