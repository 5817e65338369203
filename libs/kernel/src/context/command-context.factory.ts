import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from './clock';
import { CommandContext, EngineRequest, Principal, principalOf } from './command-context';

@Injectable()
export class CommandContextFactory {
  constructor(private readonly clock: Clock) {}

  create(request: EngineRequest, source: string): CommandContext {
    const principal = principalOf(request);
    const commandId = randomUUID();
    return {
      tenant: principal.tenant,
      actor: principal.actor,
      source,
      commandId,
      correlationId: request.engine?.correlationId ?? commandId,
      causationId: commandId,
      idempotencyKey: request.engine?.idempotencyKey,
      idempotency: request.engine?.idempotency,
      now: this.clock.now(),
    };
  }

  /** For work the engine starts itself (executors, timeouts), caused by a recorded event. */
  system(tenant: string, source: string, cause?: { correlationId: string; eventId: string }): CommandContext {
    const principal: Principal = { tenant, role: 'admin', actor: `engine:${source}` };
    const commandId = randomUUID();
    return {
      tenant: principal.tenant,
      actor: principal.actor,
      source,
      commandId,
      correlationId: cause?.correlationId ?? commandId,
      causationId: cause?.eventId ?? commandId,
      now: this.clock.now(),
    };
  }
}
