import { DomainError, DomainEvent } from '@engine/kernel/domain';
import { canonicalJson, planRestore, RestoreFamily, restoreDecider } from '@engine/restore/domain';
import * as fc from 'fast-check';

export interface PropertyCase<S, C, E extends DomainEvent, M = undefined> {
  family: RestoreFamily<S, C, E, M>;
  id: string;
  commands: fc.Arbitrary<C[]>;
  /**
   * The oracle: the subjects a restore cannot bring back, computed from the full history
   * independently of the planner (e.g. segments killed or published since the point).
   */
  impossible: (history: { before: S; after: S; commandsSince: readonly C[] }) => Set<string>;
}

/** Runs commands through the family's decide, skipping the ones its rules refuse (as a client would). */
function run<S, C, E extends DomainEvent, M>(
  family: RestoreFamily<S, C, E, M>,
  commands: readonly C[],
): E[][] {
  let state = family.decider.initialState();
  const perCommand: E[][] = [];
  for (const command of commands) {
    let events: E[] = [];
    try {
      events = family.decider.decide(command, state);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
    for (const event of events) state = family.decider.evolve(state, event);
    perCommand.push(events);
  }
  return perCommand;
}

function fold<S, C, E extends DomainEvent, M>(family: RestoreFamily<S, C, E, M>, events: readonly E[]): S {
  return events.reduce(family.decider.evolve, family.decider.initialState());
}

/**
 * Random command sequences, then a restore to a random earlier point (optionally of a random
 * subset of subjects): afterwards every subject in scope equals the point's, except the ones the
 * plan marked not restorable, which are exactly the oracle's; subjects out of scope are untouched.
 */
export function checkRestoreProperty<S, C, E extends DomainEvent, M = undefined>(
  spec: PropertyCase<S, C, E, M>,
  seed: number,
  numRuns = 200,
): { withSteps: number; withNotRestorable: number } {
  const stats = { withSteps: 0, withNotRestorable: 0 };
  const family = spec.family;
  fc.assert(
    fc.property(
      spec.commands,
      fc.nat(),
      fc.option(fc.nat(), { nil: undefined }),
      (commands, cut, subsetSeed) => {
        const perCommand = run(spec.family, commands);
        const point = commands.length === 0 ? 0 : cut % (commands.length + 1);
        const until = perCommand.slice(0, point).flat();
        const all = perCommand.flat();
        const asOf = fold(family, until);
        const current = fold(family, all);
        const before = family.subjects(asOf);
        const now = family.subjects(current);
        const keys = [...new Set([...before.keys(), ...now.keys()])].sort();
        const only =
          subsetSeed === undefined ? undefined : new Set(keys.filter((_, i) => (subsetSeed >> (i % 30)) & 1));

        const memory = family.memory
          ? until.reduce(family.memory.evolve, family.memory.initial())
          : undefined;
        const plan = planRestore(family, { asOf, current, id: spec.id, only, memory });
        const events = restoreDecider(family).decide(
          {
            type: 'RestoreToPoint',
            commands: plan.steps.map((s) => s.command),
            expectedFingerprint: plan.fingerprint,
          },
          current,
        );
        const restored = family.subjects(events.reduce(family.decider.evolve, fold(family, all)));

        const inScope = (key: string) => !only || only.has(key);
        const expected = [
          ...spec.impossible({
            before: fold(family, until),
            after: fold(family, all),
            commandsSince: commands.slice(point),
          }),
        ]
          .filter(inScope)
          .sort();
        if (plan.steps.length > 0) stats.withSteps++;
        if (plan.notRestorable.length > 0) stats.withNotRestorable++;
        const marked = plan.notRestorable.map((n) => n.subject).sort();
        expect(marked).toEqual(expected);
        const markedSet = new Set(marked);
        for (const key of keys) {
          const value = canonicalJson(restored.get(key));
          if (!inScope(key)) expect([key, value]).toEqual([key, canonicalJson(now.get(key))]);
          else if (!markedSet.has(key)) expect([key, value]).toEqual([key, canonicalJson(before.get(key))]);
        }
      },
    ),
    { seed, numRuns },
  );
  return stats;
}
