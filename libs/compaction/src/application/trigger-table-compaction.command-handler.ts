import { CommandPipeline, ProjectionRegistry, type CommandContext } from '@engine/kernel';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { isTabletError, tabletDecider, tabletSnapshotPolicy, type TabletErrorCode } from '../domain';
import { COMPACTION_STATUS } from '../read-models/compaction-status.projection';
import { TabletStatusQueries } from '../read-models/tablet-status.queries';
import { compactionIdOf } from './trigger-compaction.command-handler';
import { tabletStream } from './tablet.streams';

export interface TableCompactionResult {
  triggered: number[];
  refused: { tabletId: number; code: TabletErrorCode }[];
}

/** Doris's `table_id=` route: a full compaction of every tablet of the table. */
export class TriggerTableCompactionCommand extends Command<TableCompactionResult> {
  constructor(
    readonly context: CommandContext,
    readonly tableId: number,
  ) {
    super();
  }
}

/** How many tablets are triggered at once: enough to overlap store round trips, bounded memory. */
const PARALLEL = 32;

@CommandHandler(TriggerTableCompactionCommand)
export class TriggerTableCompactionCommandHandler implements ICommandHandler<TriggerTableCompactionCommand> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly queries: TabletStatusQueries,
    private readonly projections: ProjectionRegistry,
  ) {}

  async execute({ context, tableId }: TriggerTableCompactionCommand): Promise<TableCompactionResult> {
    // The table's tablets come from the read model: it must show tablets registered just before.
    await this.projections.caughtUp([COMPACTION_STATUS]);
    const ids = this.queries.tabletIdsOfTable(context.tenant, tableId);
    const result: TableCompactionResult = { triggered: [], refused: [] };
    const triggerOne = async (tabletId: number) => {
      const compactionId = compactionIdOf(context, tabletId, true);
      const now = context.now.toISOString();
      try {
        await this.pipeline.run({
          stream: tabletStream(context.tenant, tabletId),
          decider: tabletDecider,
          command: { type: 'TriggerCompaction', tabletId, compactionId, compactionType: 'full', now },
          context,
          snapshot: tabletSnapshotPolicy,
        });
        result.triggered.push(tabletId);
      } catch (error) {
        // Like Doris, a tablet that cannot be compacted now is skipped, not a failure of the request.
        if (!isTabletError(error)) throw error;
        result.refused.push({ tabletId, code: error.code });
      }
    };
    for (let i = 0; i < ids.length; i += PARALLEL) {
      await Promise.all(ids.slice(i, i + PARALLEL).map(triggerOne));
    }
    return result;
  }
}
