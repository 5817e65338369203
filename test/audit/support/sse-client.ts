import * as http from 'node:http';

export interface SseFrame {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

/** A raw SSE client over node:http, so a test can cut the socket at any moment. */
export class SseClient {
  readonly frames: SseFrame[] = [];
  status?: number;
  private buffer = '';
  private request?: http.ClientRequest;
  private waiters: { count: number; match: (f: SseFrame) => boolean; resolve: () => void }[] = [];
  private ended = false;

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
  ) {}

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.request = http.get(this.url, { headers: this.headers }, (response) => {
        this.status = response.statusCode;
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => this.onData(chunk));
        response.on('end', () => (this.ended = true));
        resolve();
      });
      this.request.on('error', (error) => (this.ended ? undefined : reject(error)));
    });
  }

  /** Waits until `count` frames match (default: events); no deadline of its own (the test's timeout bounds it). */
  async waitFor(count: number, match: (f: SseFrame) => boolean = (f) => f.id !== undefined) {
    if (this.frames.filter(match).length >= count) return;
    await new Promise<void>((resolve) => this.waiters.push({ count, match, resolve }));
  }

  events(): SseFrame[] {
    return this.frames.filter((f) => f.id !== undefined);
  }

  /** Cuts the connection abruptly (no clean close), like a network failure. */
  destroy(): void {
    this.ended = true;
    this.request?.destroy();
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const frame: SseFrame = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) frame.comment = line.slice(1).trim();
        else {
          const colon = line.indexOf(':');
          const field = line.slice(0, colon);
          const value = line.slice(colon + 1).replace(/^ /, '');
          if (field === 'id' || field === 'event' || field === 'data') frame[field] = value;
        }
      }
      this.frames.push(frame);
    }
    this.waiters = this.waiters.filter((w) => {
      if (this.frames.filter(w.match).length < w.count) return true;
      w.resolve();
      return false;
    });
  }
}
