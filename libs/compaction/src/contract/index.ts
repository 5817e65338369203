import type { FamilyContract } from '@engine/audit';
import { TABLET_AUDIT } from './compaction.audit';
import { COMPACTION_EVENT_SCHEMAS } from './compaction.schemas';

export { TABLET_AUDIT, COMPACTION_EVENT_SCHEMAS };

/** What the compaction family publishes: the audit view and event schemas of its `tablet` streams. */
export const COMPACTION_CONTRACT: FamilyContract = {
  audit: [TABLET_AUDIT],
  schemas: [COMPACTION_EVENT_SCHEMAS],
};
