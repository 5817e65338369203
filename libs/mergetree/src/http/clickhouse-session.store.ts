import { Injectable } from '@nestjs/common';
import type { Settings } from './sql/sql.ast';

interface Session {
  settings: Record<string, string | number>;
  expiresAt: number;
}

const DEFAULT_TIMEOUT_SECONDS = 60;
const MAX_SESSIONS = 10_000;

/**
 * `SET` in a ClickHouse HTTP session (`?session_id=`): settings kept in memory per tenant and
 * session until `session_timeout` seconds (default 60) pass without a query, as ClickHouse does.
 */
@Injectable()
export class ClickHouseSessions {
  private readonly sessions = new Map<string, Session>();

  settings(tenant: string, sessionId: string | undefined, nowMs: number): Settings {
    if (!sessionId) return {};
    const session = this.sessions.get(key(tenant, sessionId));
    if (!session || session.expiresAt < nowMs) return {};
    return session.settings;
  }

  set(
    tenant: string,
    sessionId: string,
    values: Settings,
    nowMs: number,
    timeoutSeconds = DEFAULT_TIMEOUT_SECONDS,
  ): void {
    this.evictExpired(nowMs);
    const id = key(tenant, sessionId);
    const current = this.sessions.get(id);
    const settings = current && current.expiresAt >= nowMs ? current.settings : {};
    this.sessions.set(id, { settings: { ...settings, ...values }, expiresAt: nowMs + timeoutSeconds * 1000 });
  }

  touch(
    tenant: string,
    sessionId: string | undefined,
    nowMs: number,
    timeoutSeconds = DEFAULT_TIMEOUT_SECONDS,
  ): void {
    const session = sessionId ? this.sessions.get(key(tenant, sessionId)) : undefined;
    if (session && session.expiresAt >= nowMs) session.expiresAt = nowMs + timeoutSeconds * 1000;
  }

  private evictExpired(nowMs: number): void {
    if (this.sessions.size < MAX_SESSIONS) return;
    for (const [id, session] of this.sessions) if (session.expiresAt < nowMs) this.sessions.delete(id);
  }
}

function key(tenant: string, sessionId: string): string {
  return `${tenant}\u0000${sessionId}`;
}
