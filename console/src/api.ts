/** The engine's HTTP API with the signed-in key; the key lives in sessionStorage only. */
const KEY = 'ple.console.key';

export interface Principal {
  tenant: string;
  role: 'reader' | 'operator' | 'admin';
  actor?: string;
}

export class ApiError extends Error {
  /** The native error shape's `error.code` (e.g. RESTORE_CONFLICT), when the body has one. */
  readonly code?: string;
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    try {
      const body = JSON.parse(message) as { error?: { code?: unknown } };
      if (typeof body.error?.code === 'string') this.code = body.error.code;
    } catch {
      // not JSON: the text is the message
    }
  }

  /** The native error's own message (`error.message`), else the body as received. */
  get detail(): string {
    try {
      const body = JSON.parse(this.message) as { error?: { message?: unknown } };
      if (typeof body.error?.message === 'string') return body.error.message;
    } catch {
      // not JSON
    }
    return this.message;
  }
}

export const session = {
  key: (): string | null => sessionStorage.getItem(KEY),
  save: (key: string) => sessionStorage.setItem(KEY, key),
  clear: () => sessionStorage.removeItem(KEY),
};

function headers(extra: Record<string, string> = {}): Record<string, string> {
  const key = session.key();
  return { ...(key ? { authorization: `Bearer ${key}` } : {}), ...extra };
}

async function call<T>(
  method: string,
  path: string,
  extra?: Record<string, string>,
  body?: unknown,
): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: headers(body === undefined ? extra : { 'content-type': 'application/json', ...extra }),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new ApiError(response.status, text || response.statusText);
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, extra?: Record<string, string>) => call<T>('GET', path, extra),
  /** POST with an optional JSON body. */
  post: <T>(path: string, body?: unknown) => call<T>('POST', path, undefined, body),

  /**
   * Server-Sent Events over fetch (EventSource cannot send an Authorization header): calls
   * `onEvent` per event until `signal` aborts.
   */
  async stream(
    path: string,
    onEvent: (type: string, data: string) => void,
    signal: AbortSignal,
    onOpen?: () => void,
  ): Promise<void> {
    const response = await fetch(path, { headers: headers({ accept: 'text/event-stream' }), signal });
    if (!response.ok || !response.body) throw new ApiError(response.status, await response.text());
    onOpen?.();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let type = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event: ')) type = line.slice(7);
          else if (line.startsWith('data: ')) data.push(line.slice(6));
        }
        if (data.length > 0) onEvent(type, data.join('\n'));
      }
    }
  },
};

/** An aggregate id as the audit routes take it: one URL-encoded path segment. */
export const auditPath = (category: string, id: string) =>
  `/engine/v1/audit/${encodeURIComponent(category)}/${encodeURIComponent(id)}`;
