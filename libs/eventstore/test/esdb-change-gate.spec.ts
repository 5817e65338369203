import { RecordedEvent } from '../src/event-store.port';
import { ChangeGate, CHANGE_VOIDED, GateItem, gateStreamBackwards } from '../src/esdb/esdb-change-gate';

let position = 0n;
const event = (stream: string, type: string, part?: { index: number; count: number; change: string }) =>
  ({
    id: `${type}-${++position}`,
    streamName: stream,
    type,
    revision: position,
    position,
    data: {},
    metadata: part ? { part } : {},
    recordedAt: '2025-01-01T00:00:00.000Z',
  }) as unknown as RecordedEvent;
const part = (index: number, count = 3, change = 'c1') => ({ index, count, change });
const types = (items: GateItem[]) => items.map((i) => (i.kind === 'event' ? i.event.type : `@${i.position}`));

describe('ChangeGate (multi-part changes on EventStoreDB)', () => {
  it('given parts 1 and 2 of 3 and another stream meanwhile, when the last part arrives, then all is released in order', () => {
    const gate = new ChangeGate();
    expect(gate.push({ kind: 'event', event: event('a', 'A1', part(1)) })).toEqual([]);
    expect(gate.push({ kind: 'event', event: event('b', 'B') })).toEqual([]);
    expect(gate.push({ kind: 'event', event: event('a', 'A2', part(2)) })).toEqual([]);
    expect(types(gate.push({ kind: 'event', event: event('a', 'A3', part(3)) }))).toEqual([
      'A1',
      'B',
      'A2',
      'A3',
    ]);
    expect(gate.holding).toBe(false);
  });

  it('given an unfinished change, when the voided marker arrives, then its parts are dropped and the rest goes on', () => {
    const gate = new ChangeGate();
    gate.push({ kind: 'event', event: event('a', 'A1', part(1)) });
    gate.push({ kind: 'event', event: event('b', 'B') });
    const marker = event('a', CHANGE_VOIDED);
    expect(types(gate.push({ kind: 'event', event: marker }))).toEqual(['B', `@${marker.position}`]);
  });

  it('given an unfinished change, when another append to its stream arrives, then the change is dropped', () => {
    const gate = new ChangeGate();
    gate.push({ kind: 'event', event: event('a', 'A1', part(1)) });
    expect(types(gate.push({ kind: 'event', event: event('a', 'X1', part(1, 2, 'c2')) }))).toEqual([]);
    expect(types(gate.push({ kind: 'event', event: event('a', 'X2', part(2, 2, 'c2')) }))).toEqual([
      'X1',
      'X2',
    ]);
  });

  it('holds checkpoints behind an unfinished change, so no consumer passes it', () => {
    const gate = new ChangeGate();
    gate.push({ kind: 'event', event: event('a', 'A1', part(1, 2)) });
    expect(gate.push({ kind: 'checkpoint', position: 999n })).toEqual([]);
    expect(types(gate.push({ kind: 'event', event: event('a', 'A2', part(2, 2)) })).slice(0, 1)).toEqual([
      'A1',
    ]);
  });

  it('reads newest first without an unfinished tail, a voided change or its marker', () => {
    const oldestFirst = [
      event('a', 'E0'),
      event('a', 'V1', part(1, 3, 'v')),
      event('a', CHANGE_VOIDED),
      event('a', 'C1', part(1, 2, 'c')),
      event('a', 'C2', part(2, 2, 'c')),
      event('a', 'T1', part(1, 3, 't')),
    ];
    expect(gateStreamBackwards([...oldestFirst].reverse()).map((e) => e.type)).toEqual(['C2', 'C1', 'E0']);
  });
});
