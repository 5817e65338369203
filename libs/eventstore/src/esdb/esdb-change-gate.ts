import { RecordedEvent } from '../event-store.port';

/**
 * Appended by the adapter's recovery to a stream holding an unfinished multi-part change (a
 * writer died between parts): it voids that change. Never delivered to the port's readers.
 */
export const CHANGE_VOIDED = 'EngineChangeVoided';

export type GateItem = { kind: 'event'; event: RecordedEvent } | { kind: 'checkpoint'; position: bigint };

interface OpenChange {
  change: string | undefined;
  events: RecordedEvent[];
}

/**
 * Makes a change split over several appends (EventStoreDB's 1 MiB limit) all-or-nothing for
 * readers. Its events carry `metadata.part` ({ index, count }); the parts of one change follow
 * each other in their stream, as each is appended at the exact revision the previous one left.
 * From the first part seen, everything read after it is held back (order is kept, so nobody's
 * checkpoint passes an unfinished change). The change is released when its last part arrives
 * (that part is one append: stored whole or not at all), and dropped when anything else
 * arrives in its stream first (the writer died and a later append, or the recovery's
 * EngineChangeVoided marker, took the place of the missing parts).
 */
export class ChangeGate {
  private readonly open = new Map<string, OpenChange>();
  private held: GateItem[] = [];
  private readonly voided = new Set<RecordedEvent>();

  get holding(): boolean {
    return this.open.size > 0;
  }

  /** Position of the first item held back, if any. */
  get heldFrom(): bigint | undefined {
    const first = this.held[0];
    return first === undefined ? undefined : first.kind === 'event' ? first.event.position : first.position;
  }

  /** Feeds one item in position order; returns what may be delivered now. */
  push(item: GateItem): GateItem[] {
    if (item.kind === 'checkpoint') return this.deliver(item);
    const event = item.event;
    const part = event.metadata?.part;
    const current = this.open.get(event.streamName);
    if (current && !(part && part.count > 1 && part.change === current.change)) {
      // Something else took the place of the missing parts: the change never happened.
      for (const e of current.events) this.voided.add(e);
      this.open.delete(event.streamName);
    }
    if (event.type === CHANGE_VOIDED) return this.deliver({ kind: 'checkpoint', position: event.position });
    if (part && part.count > 1 && part.index < part.count) {
      const change = this.open.get(event.streamName) ?? { change: part.change, events: [] };
      change.events.push(event);
      this.open.set(event.streamName, change);
      this.held.push(item);
      return [];
    }
    // The last part: its change is complete (this part was stored whole).
    this.open.delete(event.streamName);
    return this.deliver(item);
  }

  private deliver(item: GateItem): GateItem[] {
    if (this.held.length === 0 && this.open.size === 0) return [item];
    this.held.push(item);
    if (this.open.size > 0) return [];
    const released = this.held.filter((i) => i.kind === 'checkpoint' || !this.voided.has(i.event));
    // Consecutive checkpoints say nothing more than the last one; a dropped event still advances it.
    const out: GateItem[] = [];
    for (const i of released) {
      const previous = out[out.length - 1];
      if (i.kind === 'checkpoint' && previous?.kind === 'checkpoint') out[out.length - 1] = i;
      else out.push(i);
    }
    const last = this.held[this.held.length - 1];
    const lastPosition = last.kind === 'event' ? last.event.position : last.position;
    const tail = out[out.length - 1];
    const tailPosition =
      tail === undefined ? -1n : tail.kind === 'event' ? tail.event.position : tail.position;
    if (tailPosition < lastPosition) out.push({ kind: 'checkpoint', position: lastPosition });
    this.held = [];
    this.voided.clear();
    return out;
  }
}

/**
 * The gate's rule for one stream read newest first: an unfinished change at the end of the stream, the voided
 * marker and the parts it voided are left out.
 */
export function gateStreamBackwards(newestFirst: readonly RecordedEvent[]): RecordedEvent[] {
  const out: RecordedEvent[] = [];
  // 'visible': no change around; 'committed': inside a change whose last part was seen;
  // 'hidden': inside a change that never got its last part.
  let state: 'visible' | 'committed' | 'hidden' = 'visible';
  let change: string | undefined;
  for (const event of newestFirst) {
    const part = event.metadata?.part;
    if (event.type === CHANGE_VOIDED) {
      state = 'hidden';
      change = undefined;
      continue;
    }
    if (!part || part.count <= 1) {
      state = 'visible';
      out.push(event);
      continue;
    }
    if (part.change !== change || state === 'visible') {
      // Another change: complete only if its last part is there (newest first, it comes first).
      change = part.change;
      state = part.index === part.count ? 'committed' : 'hidden';
    }
    if (state === 'committed') out.push(event);
  }
  return out;
}
