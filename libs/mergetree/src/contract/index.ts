import type { FamilyContract } from '@engine/audit';
import { MERGETREE_AUDIT } from './mergetree.audit';
import { MERGETREE_EVENT_SCHEMAS } from './mergetree.schemas';

export { MERGETREE_AUDIT, MERGETREE_EVENT_SCHEMAS };

/** What the mergetree family publishes: the audit view and event schemas of its `mergetree` streams. */
export const MERGETREE_CONTRACT: FamilyContract = {
  audit: [MERGETREE_AUDIT],
  schemas: [MERGETREE_EVENT_SCHEMAS],
};
