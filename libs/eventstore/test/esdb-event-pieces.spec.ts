import { cutIntoPieces, joinBackwards, PieceJoiner, pieceOf } from '../src/esdb/esdb-event-pieces';
import { toEventUuid } from '../src/esdb/esdb-event-mapping';
import { NewEvent, RecordedEvent } from '../src/event-store.port';
import { newEvent } from './event-store.contract';

// The cut and the joins without a server: stored records are built by hand from cutIntoPieces.

const LIMIT = 16 * 1024;

/** The records a store would hold for these events, from revision 0 and position 100. */
function stored(events: NewEvent[], stream = 's-1'): RecordedEvent[] {
  return cutIntoPieces(events, LIMIT).map((e, i) => ({
    id: toEventUuid(e.id),
    streamName: stream,
    type: e.type,
    revision: BigInt(i),
    position: BigInt(100 + i * 10),
    data: e.data instanceof Uint8Array ? Buffer.from(e.data) : e.data,
    metadata: e.metadata,
    recordedAt: '2026-01-01T00:00:00.000Z',
  }));
}

const big = newEvent('Big', { text: 'é€😀"\\\n'.repeat(3000) });
const small = newEvent('Small', { n: 1 });

describe('event pieces', () => {
  it('cuts only events over the limit, deterministically, each piece under it', () => {
    const cut = cutIntoPieces([small, big], LIMIT);
    expect(cut[0]).toBe(small);
    const pieces = cut.slice(1);
    expect(pieces.length).toBeGreaterThan(5);
    expect(pieces.map((p) => pieceOf(p))).toEqual(
      pieces.map((_, i) => ({ index: i + 1, count: pieces.length, of: toEventUuid(big.id) })),
    );
    for (const p of pieces)
      expect((p.data as Uint8Array).length + JSON.stringify(p.metadata).length).toBeLessThan(LIMIT);
    expect(cutIntoPieces([small, big], LIMIT).map((p) => p.id)).toEqual(cut.map((p) => p.id));
  });

  it('serialises a large event once, to measure it and to cut it', () => {
    // JSON.stringify calls toJSON once per serialisation of the data.
    let serialised = 0;
    const data = { toJSON: () => (serialised++, big.data) };
    const pieces = cutIntoPieces([{ ...big, data }], LIMIT);
    expect(serialised).toBe(1);
    const whole = Buffer.concat(pieces.map((p) => p.data as Uint8Array)).toString('utf8');
    expect(JSON.parse(whole)).toEqual(big.data);
  });

  it('joins forwards, from the start or from between two pieces', async () => {
    const records = stored([small, big, small]);
    const readRaw = (_: string, from: bigint, count: number) =>
      Promise.resolve(records.slice(Number(from), Number(from) + count));
    for (const start of [0, 3]) {
      const joiner = new PieceJoiner(readRaw);
      const out: RecordedEvent[] = [];
      for (const event of records.slice(start)) {
        for (const item of await joiner.push({ kind: 'event', event }))
          if (item.kind === 'event') out.push(item.event);
      }
      const last = records[records.length - 2];
      const whole = out.find((e) => e.type === 'Big')!;
      expect(whole).toMatchObject({
        id: toEventUuid(big.id),
        data: big.data,
        revision: last.revision,
        position: last.position,
      });
      expect(whole.metadata).toEqual(big.metadata);
      expect(joiner.pending).toBe(false);
    }
  });

  it('joins backwards, leaving out an event whose last piece lies beyond the start', () => {
    const records = stored([small, big, small]);
    const newestFirst = [...records].reverse();
    expect(joinBackwards(newestFirst).events.map((e) => e.type)).toEqual(['Small', 'Big', 'Small']);
    expect(joinBackwards(newestFirst.slice(2)).events.map((e) => e.type)).toEqual(['Small']);
    const cut = joinBackwards(newestFirst.slice(0, 4));
    expect(cut.pending).toBe(true);
    expect(cut.events.map((e) => e.type)).toEqual(['Small']);
  });
});
