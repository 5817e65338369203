import type { FamilyContract } from '@engine/audit';
import { SEGMENTS_AUDIT } from './segments.audit';
import { SEGMENTS_EVENT_SCHEMAS } from './segments.schemas';

export { SEGMENTS_AUDIT, SEGMENTS_EVENT_SCHEMAS };

/** What the segments family publishes: the audit view and event schemas of its `datasource` streams. */
export const SEGMENTS_CONTRACT: FamilyContract = {
  audit: [SEGMENTS_AUDIT],
  schemas: [SEGMENTS_EVENT_SCHEMAS],
};
