import type { ServerResponse } from 'node:http';

/**
 * One Server-Sent Events response. `send` resolves once the socket has taken the frame
 * (immediately, or after 'drain'), so a producer that awaits it never buffers more than one
 * frame per slow consumer.
 */
export class SseConnection {
  private closedFlag = false;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly closeWaiters = new Set<() => void>();

  constructor(
    private readonly raw: ServerResponse,
    heartbeatMs: number,
  ) {
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Proxies such as nginx would otherwise buffer the stream.
      'x-accel-buffering': 'no',
    });
    raw.flushHeaders();
    raw.on('close', () => this.markClosed());
    // Comment lines keep idle connections (and the proxies between) from timing out; skipped while
    // the socket is full, since the pending frames already prove the connection is alive.
    this.heartbeat = setInterval(() => {
      if (!this.closedFlag && !raw.writableNeedDrain) raw.write(': heartbeat\n\n');
    }, heartbeatMs);
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Resolves when the client has gone (or the stream was ended). */
  whenClosed(): Promise<void> {
    if (this.closedFlag) return Promise.resolve();
    return new Promise((resolve) => this.closeWaiters.add(resolve));
  }

  async send(id: string, event: string, data: string): Promise<void> {
    if (this.closedFlag) return;
    if (this.raw.write(`id: ${id}\nevent: ${event}\ndata: ${data}\n\n`)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.raw.off('drain', done);
        this.closeWaiters.delete(done);
        resolve();
      };
      this.raw.once('drain', done);
      this.closeWaiters.add(done);
    });
  }

  comment(text: string): void {
    if (!this.closedFlag) this.raw.write(`: ${text}\n\n`);
  }

  end(): void {
    if (!this.closedFlag) this.raw.end();
    this.markClosed();
  }

  private markClosed(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    clearInterval(this.heartbeat);
    for (const waiter of this.closeWaiters) waiter();
    this.closeWaiters.clear();
  }
}
