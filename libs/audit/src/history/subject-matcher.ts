import { EVERY_SUBJECT, SubjectChange } from '../registry/audit-family';

/**
 * Picks, event after event, the changes that belong to one subject's timeline: the changes naming
 * it, plan-wide changes (key `*`), and changes to a handle (a move) an earlier event tied to it.
 */
export class SubjectMatcher {
  private readonly links = new Set<string>();
  /** Whether an event named the subject itself (a wildcard alone does not make it exist). */
  seen: boolean;

  /** `continued`: the scan starts mid-stream, where the subject may have been named before. */
  constructor(
    private readonly subject: string,
    continued = false,
  ) {
    this.seen = continued;
  }

  match(changes: readonly SubjectChange[]): SubjectChange[] {
    const own = changes.filter((c) => c.key === this.subject && !c.link);
    if (own.length > 0) {
      this.seen = true;
      for (const c of changes) if (c.link) this.links.add(linkKey(c));
      return own;
    }
    return changes.filter(
      (c) => (c.key === EVERY_SUBJECT && this.seen) || (c.link === true && this.links.has(linkKey(c))),
    );
  }
}

const linkKey = (c: SubjectChange) => `${c.kind}\u0000${c.key}`;
