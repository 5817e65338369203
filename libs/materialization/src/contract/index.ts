import type { FamilyContract } from '@engine/audit';
import { PLAN_AUDIT } from './materialization.audit';
import { MATERIALIZATION_EVENT_SCHEMAS } from './materialization.schemas';

export { PLAN_AUDIT, MATERIALIZATION_EVENT_SCHEMAS };

/** What the materialization family publishes: the audit view and event schemas of its `matplan` streams. */
export const MATERIALIZATION_CONTRACT: FamilyContract = {
  audit: [PLAN_AUDIT],
  schemas: [MATERIALIZATION_EVENT_SCHEMAS],
};
