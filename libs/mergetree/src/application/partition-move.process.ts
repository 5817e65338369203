import { EVENT_STORE, EventStore } from '@engine/eventstore';
import { CommandContext, CommandContextFactory, CommandPipeline, ProjectionRegistry } from '@engine/kernel';
import { DomainError } from '@engine/kernel/domain';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { MergeTreeCommand, MergeTreeEvent, PartitionSelector, TableRef } from '../domain';
import { mergeTreeDecider, mergeTreeSnapshotPolicy } from '../domain';
import { PendingMovesReader } from '../read-models';
import { loadOtherTable, tableStream } from './table.streams';

type Step = MergeTreeCommand extends infer C ? (C extends unknown ? Omit<C, 'now'> : never) : never;

/**
 * MOVE PARTITION TO TABLE spans two aggregates, so it runs as a process of recorded steps:
 *   1. source:      PartitionMoveStarted   (parts leave the source, kept in the open move)
 *   2. destination: MovedPartsReceived     (idempotent per moveId and part)
 *   3. source:      PartitionMoveCompleted (or PartitionMoveAborted when step 2 was refused)
 * After a crash between steps, `recover()` (at start-up) finishes every open move from step 2,
 * so no part is lost and none is added twice.
 *
 * Test-only hook: env MERGETREE_CRASH_AFTER_MOVE_STEP=1|2 kills the process (SIGKILL) right
 * after that step's append, to prove the above in test/mergetree/move-crash.e2e-spec.ts.
 */
@Injectable()
export class PartitionMoveProcess {
  private readonly logger = new Logger('PartitionMoveProcess');

  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly contexts: CommandContextFactory,
    private readonly projections: ProjectionRegistry,
    private readonly pendingMoves: PendingMovesReader,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async move(
    source: TableRef,
    destination: TableRef,
    partition: PartitionSelector,
    context: CommandContext,
  ): Promise<MergeTreeEvent[]> {
    const moveId = context.commandId;
    const other = await loadOtherTable(this.pipeline, context.tenant, destination);
    const started = await this.run(
      { type: 'MovePartitionToTable', table: source, partition, moveId, destination: other },
      context,
    );
    if (started.length === 0) return [];
    crashPoint(1);
    return [...started, ...(await this.finish(source, moveId, context))];
  }

  /** Steps 2 and 3 of an open move; harmless to repeat. */
  async finish(source: TableRef, moveId: string, context: CommandContext): Promise<MergeTreeEvent[]> {
    const { state } = await this.pipeline.load(
      tableStream(context.tenant, source),
      mergeTreeDecider,
      mergeTreeSnapshotPolicy,
    );
    const move = state.outgoingMoves.get(moveId);
    if (!move || !state.definition) return [];
    const parts = [...move.parts];
    let received: MergeTreeEvent[];
    try {
      received = await this.run(
        {
          type: 'ReceiveMovedParts',
          table: move.destination,
          moveId,
          source: { table: source, definition: state.definition, activeParts: [] },
          parts,
        },
        context,
      );
    } catch (error) {
      // Only a refusal is final; any other failure leaves the move open for recovery.
      if (!(error instanceof DomainError)) throw error;
      await this.run({ type: 'AbortPartitionMove', table: source, moveId, reason: error.message }, context);
      throw error;
    }
    crashPoint(2);
    return [
      ...received,
      ...(await this.run({ type: 'CompletePartitionMove', table: source, moveId }, context)),
    ];
  }

  /** Completes the moves a crash left open; called once the application has started. */
  async recover(): Promise<number> {
    await this.projections.waitFor(await this.store.headPosition(), 60_000);
    const open = this.pendingMoves.list();
    for (const pending of open) {
      const context = this.contexts.system(pending.tenant, 'executor', {
        correlationId: pending.correlationId,
        eventId: pending.eventId,
      });
      try {
        await this.finish({ database: pending.database, table: pending.table }, pending.moveId, context);
        this.logger.log(`completed move ${pending.moveId} from ${pending.database}.${pending.table}`);
      } catch (error) {
        this.logger.error(`could not complete move ${pending.moveId}: ${(error as Error).message}`);
      }
    }
    return open.length;
  }

  private async run(step: Step, context: CommandContext): Promise<MergeTreeEvent[]> {
    const command = { ...step, now: context.now.toISOString() } as MergeTreeCommand;
    const outcome = await this.pipeline.run({
      stream: tableStream(context.tenant, command.table),
      decider: mergeTreeDecider,
      command,
      context,
      snapshot: mergeTreeSnapshotPolicy,
    });
    return outcome.events;
  }
}

function crashPoint(step: 1 | 2): void {
  if (process.env.MERGETREE_CRASH_AFTER_MOVE_STEP === String(step)) process.kill(process.pid, 'SIGKILL');
}
