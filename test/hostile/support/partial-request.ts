import * as net from 'node:net';

export interface PartialResponse {
  status: number;
  head: string;
  body: string;
}

/**
 * Sends a request's head declaring `declaredLength` body bytes but only `sent` of them, and
 * resolves with the answer. An answer can only arrive if the engine decided without waiting for
 * (or reading) the rest of the body.
 */
export function sendPartialBody(
  port: number,
  options: {
    method?: string;
    path: string;
    headers: Record<string, string>;
    declaredLength: number;
    sent: string;
  },
): Promise<PartialResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    const finish = () => {
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return false;
      const head = received.slice(0, end);
      const length = /content-length:\s*(\d+)/i.exec(head);
      const body = received.slice(end + 4);
      if (length && Buffer.byteLength(body) < Number(length[1])) return false;
      socket.destroy();
      resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1] ?? 0), head, body });
      return true;
    };
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      finish();
    });
    socket.on('error', reject);
    socket.on('close', () => {
      if (!finish()) reject(new Error(`connection closed before an answer: ${received.slice(0, 200)}`));
    });
    const head = [
      `${options.method ?? 'POST'} ${options.path} HTTP/1.1`,
      'host: 127.0.0.1',
      `content-length: ${options.declaredLength}`,
      ...Object.entries(options.headers).map(([k, v]) => `${k}: ${v}`),
      '',
      '',
    ].join('\r\n');
    socket.write(head + options.sent);
  });
}

/**
 * Streams a chunked body (no declared length) in `chunk`-sized pieces, never ending it, until the
 * engine answers; resolves with the status and how many bytes had been written by then. Write
 * errors after the answer (the engine closes such a connection) are expected.
 */
export function streamUntilAnswered(
  port: number,
  options: { path: string; headers: Record<string, string>; chunk: string; maxChunks: number },
): Promise<{ status: number; body: string; written: number }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    let written = 0;
    let answered = false;
    const answer = () => {
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return undefined;
      const head = received.slice(0, end);
      const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? NaN);
      const body = received.slice(end + 4);
      if (!(Buffer.byteLength(body) >= length)) return undefined;
      return { status: Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1] ?? 0), body };
    };
    const settle = () => {
      const complete = answer();
      if (!complete || answered) return;
      answered = true;
      socket.destroy();
      resolve({ ...complete, written });
    };
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      settle();
    });
    const fail = (error?: Error) => {
      settle();
      if (!answered) reject(error ?? new Error(`closed before an answer: ${received.slice(0, 200)}`));
    };
    socket.on('error', fail);
    socket.on('close', () => fail());
    const head = [
      `POST ${options.path} HTTP/1.1`,
      'host: 127.0.0.1',
      'transfer-encoding: chunked',
      ...Object.entries(options.headers).map(([k, v]) => `${k}: ${v}`),
      '',
      '',
    ].join('\r\n');
    socket.write(head);
    const frame = `${Buffer.byteLength(options.chunk).toString(16)}\r\n${options.chunk}\r\n`;
    const pump = (n: number) => {
      if (answered || received.length > 0 || n >= options.maxChunks || socket.destroyed) return;
      written += Buffer.byteLength(options.chunk);
      socket.write(frame, (error) => {
        if (!error) setImmediate(() => pump(n + 1));
      });
    };
    pump(0);
  });
}
