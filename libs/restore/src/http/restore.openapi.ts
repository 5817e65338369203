import { apiAny, apiArray, apiBoolean, apiDecimal, apiInteger, apiObject, apiString } from '@engine/kernel';

const subjectDiff = {
  kind: apiString('what the subject is (segment, part, partition, rowset, day)'),
  subject: apiString(),
  current: apiAny,
  restoredTo: apiAny,
};
const notRestorable = apiObject(
  {
    ...subjectDiff,
    reason: apiString('e.g. SEGMENT_KILLED, PART_DATA_GONE, NEEDS_BACKFILL'),
    message: apiString(),
  },
  ['current', 'restoredTo'],
);

/** The plan: what `POST .../restore-plan` answers (libs/restore/src/application/restore-category.ts). */
export const restorePlanSchema = apiObject(
  {
    category: apiString(),
    id: apiString(),
    stream: apiString(),
    revision: apiDecimal,
    fingerprint: apiString(),
    restoreTo: apiObject(
      { asOf: apiString(), atPosition: apiDecimal, revision: apiString(), position: apiDecimal },
      ['asOf', 'atPosition', 'position'],
    ),
    subjects: apiArray(apiString()),
    steps: apiArray(
      apiObject({ command: apiAny, undoes: apiArray(apiObject(subjectDiff, ['current', 'restoredTo'])) }),
    ),
    notRestorable: apiArray(notRestorable),
    unchanged: apiInteger(),
  },
  ['subjects'],
);

/** What `POST .../restore` answers. */
export const restoreOutcomeSchema = apiObject(
  {
    restoreId: apiString(),
    category: apiString(),
    id: apiString(),
    stream: apiString(),
    applied: apiBoolean,
    replayed: apiBoolean,
    fromRevision: apiString(),
    revision: apiString(),
    position: apiDecimal,
    events: apiInteger(),
    restoredToPosition: apiDecimal,
    notRestorable: apiArray(notRestorable),
  },
  ['position', 'restoredToPosition'],
);
