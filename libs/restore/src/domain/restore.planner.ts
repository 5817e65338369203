import { DomainError, DomainEvent } from '@engine/kernel/domain';
import { canonicalJson, fingerprintOf } from './canonical-json';
import { cloneState, runCommands } from './restore.decider';
import { FamilyPlan, PlanInput, RestoreFamily, SubjectDiff } from './restore.types';

export interface RestorePlan<C> extends FamilyPlan<C> {
  /** Fingerprint of the current subjects: the apply refuses any other state. */
  fingerprint: string;
  /** Subjects in scope that already equal the point's. */
  unchanged: number;
}

/** Subjects whose value differs between the two states (absent counts as a value), key order. */
export function diffSubjects(
  asOf: ReadonlyMap<string, unknown>,
  current: ReadonlyMap<string, unknown>,
  kindOf: (key: string) => string,
  only?: ReadonlySet<string>,
): { diffs: SubjectDiff[]; unchanged: number } {
  const keys = new Set<string>();
  for (const key of asOf.keys()) if (!only || only.has(key)) keys.add(key);
  for (const key of current.keys()) if (!only || only.has(key)) keys.add(key);
  const diffs: SubjectDiff[] = [];
  let unchanged = 0;
  for (const subject of [...keys].sort()) {
    const then = asOf.get(subject);
    const now = current.get(subject);
    if (canonicalJson(then) === canonicalJson(now)) unchanged++;
    else
      diffs.push({
        kind: kindOf(subject),
        subject,
        ...(now === undefined ? {} : { current: now }),
        ...(then === undefined ? {} : { restoredTo: then }),
      });
  }
  return { diffs, unchanged };
}

/**
 * The family's plan, checked by running it on a copy of the current state: every subject in
 * scope must then equal the point's, or be listed as not restorable. A subject the family's
 * rules would leave different is added with REFUSED_BY_RULES: never silently skipped.
 */
export function planRestore<S, C, E extends DomainEvent, M>(
  family: RestoreFamily<S, C, E, M>,
  input: PlanInput<S, M>,
): RestorePlan<C> {
  const asOfSubjects = family.subjects(input.asOf);
  const currentSubjects = family.subjects(input.current);
  const { diffs, unchanged } = diffSubjects(asOfSubjects, currentSubjects, family.kindOf, input.only);
  const fingerprint = fingerprintOf(currentSubjects);
  let plan: FamilyPlan<C>;
  let left: SubjectDiff[];
  try {
    plan = family.plan(input);
    const simulated = runCommands(
      family,
      cloneState(family, input.current),
      plan.steps.map((s) => s.command),
    );
    left = diffSubjects(asOfSubjects, family.subjects(simulated.state), family.kindOf, input.only).diffs;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    // The family's own rules refuse the commands: nothing is applied, every difference is reported.
    const refused = diffs.map((d) => ({
      ...d,
      reason: 'REFUSED_BY_RULES',
      message: `The family refused the commands a restore needs: ${error.message}`,
    }));
    return { steps: [], notRestorable: refused, fingerprint, unchanged };
  }
  const marked = new Set(plan.notRestorable.map((n) => n.subject));
  const refused = left
    .filter((d) => !marked.has(d.subject))
    .map((d) => ({
      ...d,
      reason: 'REFUSED_BY_RULES',
      message: "The family's rules would not bring this subject back with the plan's commands",
    }));
  return { steps: plan.steps, notRestorable: [...plan.notRestorable, ...refused], fingerprint, unchanged };
}
