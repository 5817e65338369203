import { AuditModule, FamilyContract } from '@engine/audit';
import { CATALOG_CONTRACT } from '@engine/catalog';
import { COMPACTION_CONTRACT } from '@engine/compaction';
import { MATERIALIZATION_CONTRACT } from '@engine/materialization';
import { MERGETREE_CONTRACT } from '@engine/mergetree';
import { SEGMENTS_CONTRACT } from '@engine/segments';

/**
 * The lifecycle families whose events audit, time travel and the event contract cover. Each
 * family declares its own contract (event schemas and audit view) in libs/<family>/src/contract.
 */
export const FAMILY_CONTRACTS: readonly FamilyContract[] = [
  SEGMENTS_CONTRACT,
  MERGETREE_CONTRACT,
  CATALOG_CONTRACT,
  COMPACTION_CONTRACT,
  MATERIALIZATION_CONTRACT,
];

/** Every family's audit view; exported so a test can walk every event type through `describe`. */
export const AUDIT_CATEGORIES = FAMILY_CONTRACTS.flatMap((f) => f.audit);

export const AUDIT_MODULE = AuditModule.forRoot({ families: FAMILY_CONTRACTS });
