import { DomainEvent } from '@engine/kernel/domain';
import { restoreDecider } from '../restore.decider';
import { RestorePlan } from '../restore.planner';
import { RestoreFamily } from '../restore.types';

/** Helpers for the family restore specs: histories as commands, a plan applied as the pipeline would. */
export function history<S, C, E extends DomainEvent, M>(
  family: RestoreFamily<S, C, E, M>,
  commands: readonly C[],
): { state: S; events: E[] } {
  let state = family.decider.initialState();
  const events: E[] = [];
  for (const command of commands)
    for (const event of family.decider.decide(command, state)) {
      events.push(event);
      state = family.decider.evolve(state, event);
    }
  return { state, events };
}

export function memoryOf<S, C, E extends DomainEvent, M>(
  family: RestoreFamily<S, C, E, M>,
  events: readonly E[],
): M | undefined {
  return family.memory ? events.reduce(family.memory.evolve, family.memory.initial()) : undefined;
}

export function applyPlan<S, C, E extends DomainEvent, M>(
  family: RestoreFamily<S, C, E, M>,
  plan: RestorePlan<C>,
  current: S,
): S {
  const events = restoreDecider(family).decide(
    {
      type: 'RestoreToPoint',
      commands: plan.steps.map((s) => s.command),
      expectedFingerprint: plan.fingerprint,
    },
    current,
  );
  return events.reduce(family.decider.evolve, current);
}

export const commandTypes = <C extends { type: string }>(plan: RestorePlan<C>) =>
  plan.steps.map((s) => s.command.type);
export const reasons = (plan: RestorePlan<unknown>) => plan.notRestorable.map((n) => [n.subject, n.reason]);
