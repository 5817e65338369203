import { arrayOf, EventSchemaSet, isoInstant, nonNegative, object, str } from './json-schema';

const partitionKey = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
const partitions = (description: string) => ({
  description,
  data: object({ planId: str, runType: str, partitions: arrayOf(partitionKey), at: isoInstant }),
});

/** CAN materialization plans (libs/materialization/src/domain/plan.events.ts). */
export const MATERIALIZATION_EVENT_SCHEMAS: EventSchemaSet = {
  category: 'matplan',
  description: 'CAN materialization plans and their partitions (stream matplan-<tenant>/<planId>)',
  events: {
    MaterializationPlanCreated: {
      description: 'A materialization plan was created',
      data: object({
        planId: str,
        name: str,
        refreshType: { enum: ['FULL', 'INCREMENTAL'] },
        granularity: { enum: ['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'] },
        createdAt: isoInstant,
      }),
    },
    PartitionsBackfilled: partitions('Partitions were materialized by a backfill run'),
    PartitionsBackfillFailed: partitions('A backfill run failed for these partitions'),
    PartitionsCleared: {
      description: 'Materialized partitions were cleared',
      data: object({ planId: str, partitions: arrayOf(partitionKey), at: isoInstant }),
    },
    MaterializationPlanCleared: {
      description: 'A FULL plan was cleared as a whole',
      data: object({ planId: str, partitionsCleared: nonNegative, at: isoInstant }),
    },
    MaterializationPlanRefreshed: {
      description: "A FULL plan's refresh succeeded: the whole table is materialized again",
      data: object({ planId: str, runType: str, at: isoInstant }),
    },
    MaterializationPlanDeleted: {
      description: 'The plan was deleted',
      data: object({ planId: str, at: isoInstant }),
    },
  },
};
