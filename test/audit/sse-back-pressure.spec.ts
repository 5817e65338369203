import { SqliteEventStore } from '@engine/eventstore';
import { eventMetadata } from '@engine/testing';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { EventFeedService } from '../../libs/audit/src/subscriptions/event-feed.service';
import { SseConnection } from '../../libs/audit/src/subscriptions/sse-connection';

/** A socket that never drains on its own: every write reports a full buffer. */
class FullSocket extends EventEmitter {
  readonly writes: string[] = [];
  writableNeedDrain = true;
  writeHead() {}
  flushHeaders() {}
  write(chunk: string): boolean {
    this.writes.push(chunk);
    return false;
  }
  end() {
    this.emit('close');
  }
}

/** Turns of the event loop until `condition` holds: no deadline, the test's own timeout bounds it. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('SSE back-pressure', () => {
  it('pulls the next event only after the socket drained, and stops when the client leaves', async () => {
    const store = new SqliteEventStore({ file: ':memory:' });
    const metadata = eventMetadata();
    await store.append(
      'datasource-acme/x',
      Array.from({ length: 100 }, (_, i) => ({ id: `e${i}`, type: 'T', data: { i }, metadata })),
      'no_stream',
    );
    const socket = new FullSocket();
    const connection = new SseConnection(socket as unknown as ServerResponse, 60_000);
    const done = new EventFeedService(store).pipe({ tenant: 'acme', from: 0n, filter: {} }, connection);
    const frames = () => socket.writes.filter((w) => w.startsWith('id:')).length;

    // The feed is parked on 'drain' (it listens for it) after one frame: it cannot write another.
    const parked = () => socket.listenerCount('drain') > 0;
    await until(() => (frames() >= 1 && parked()) || frames() > 1);
    expect(frames()).toBe(1);
    socket.emit('drain');
    await until(() => (frames() >= 2 && parked()) || frames() > 2);
    expect(frames()).toBe(2);

    socket.emit('close');
    await done;
    expect(connection.closed).toBe(true);
    expect(frames()).toBe(2);
    await store.close();
  });
});
