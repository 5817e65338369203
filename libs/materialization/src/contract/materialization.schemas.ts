import { defineEventSchemas, IsoInstant, NonNegativeInteger } from '@engine/audit';
import { Type } from '@sinclair/typebox';
import type { PlanEvent } from '../domain';

const closed = { additionalProperties: false } as const;
const str = Type.String();
/** A partition key: the partition's first day (UTC). */
const partitionKeys = Type.Array(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }));
const run = Type.Object({ planId: str, runType: str, partitions: partitionKeys, at: IsoInstant }, closed);

/** CAN materialization plans (libs/materialization/src/domain/plan.events.ts). */
export const MATERIALIZATION_EVENT_SCHEMAS = defineEventSchemas<PlanEvent>()({
  category: 'matplan',
  description: 'CAN materialization plans and their partitions (stream matplan-<tenant>/<planId>)',
  events: {
    MaterializationPlanCreated: {
      description: 'A materialization plan was created',
      data: Type.Object(
        {
          planId: str,
          name: str,
          refreshType: Type.Union([Type.Literal('FULL'), Type.Literal('INCREMENTAL')]),
          granularity: Type.Union([
            Type.Literal('DAY'),
            Type.Literal('WEEK'),
            Type.Literal('MONTH'),
            Type.Literal('QUARTER'),
            Type.Literal('YEAR'),
          ]),
          createdAt: IsoInstant,
        },
        closed,
      ),
    },
    PartitionsBackfilled: {
      description: 'Partitions were materialized by a backfill run',
      data: run,
    },
    PartitionsBackfillFailed: {
      description: 'A backfill run failed for these partitions',
      data: run,
    },
    PartitionsCleared: {
      description: 'Materialized partitions were cleared',
      data: Type.Object({ planId: str, partitions: partitionKeys, at: IsoInstant }, closed),
    },
    MaterializationPlanCleared: {
      description: 'A FULL plan was cleared as a whole',
      data: Type.Object({ planId: str, partitionsCleared: NonNegativeInteger, at: IsoInstant }, closed),
    },
    MaterializationPlanRefreshed: {
      description: "A FULL plan's refresh succeeded: the whole table is materialized again",
      data: Type.Object({ planId: str, runType: str, at: IsoInstant }, closed),
    },
    MaterializationPlanDeleted: {
      description: 'The plan was deleted',
      data: Type.Object({ planId: str, at: IsoInstant }, closed),
    },
  },
});
