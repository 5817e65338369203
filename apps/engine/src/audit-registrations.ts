import { AuditModule, FamilyContract } from '@engine/audit';
import { FAMILIES } from './families';

/**
 * The lifecycle families' contracts, which audit, time travel and the event contract cover. Each
 * family declares its own (event schemas and audit view) in libs/<family>/src/contract.
 */
export const FAMILY_CONTRACTS: readonly FamilyContract[] = FAMILIES.map((family) => family.contract);

export const AUDIT_MODULE = AuditModule.forRoot({ families: FAMILY_CONTRACTS });
