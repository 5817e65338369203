import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger } from 'pino';

/** A Nest log call whose message is an object: its fields go into the JSON line. */
export interface StructuredMessage {
  msg: string;
  /** Start-up lines (generated key, listening) are written whatever LOG_LEVEL says. */
  startup?: boolean;
  [field: string]: unknown;
}

function isStructured(message: unknown): message is StructuredMessage {
  return (
    typeof message === 'object' && message !== null && typeof (message as { msg?: unknown }).msg === 'string'
  );
}

/**
 * Nest's logger interface over pino: one JSON line per log entry. Object messages keep their
 * fields (`{ msg, ...fields }`), so every part of the engine logs structured lines through Nest's Logger.
 */
export class PinoLogger implements LoggerService {
  readonly pino: Logger;
  /** Same destination, always at info: an operator at LOG_LEVEL=warn still sees the start-up lines. */
  private readonly startup: Logger;

  constructor(level: string, destination?: DestinationStream) {
    const options = { level, base: { service: 'partition-lifecycle-engine' } };
    this.pino = destination ? pino(options, destination) : pino(options);
    this.startup = this.pino.child({}, { level: 'info' });
  }

  /** Start-up line: JSON, written even when LOG_LEVEL is above info. */
  announce(fields: Record<string, unknown>, msg: string): void {
    this.startup.info(fields, msg);
  }

  log(message: unknown, context?: string): void {
    if (isStructured(message) && message.startup) {
      const { msg, startup: _startup, ...fields } = message;
      this.announce({ context, ...fields }, msg);
      return;
    }
    this.write('info', message, { context });
  }
  error(message: unknown, trace?: string, context?: string): void {
    // Nest's Logger.error(message) from a named logger passes its context in the trace slot.
    if (context === undefined && trace !== undefined && !trace.includes('\n'))
      this.write('error', message, { context: trace });
    else this.write('error', message, { context, trace });
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, { context });
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, { context });
  }
  verbose(message: unknown, context?: string): void {
    this.write('trace', message, { context });
  }
  fatal(message: unknown, context?: string): void {
    this.write('fatal', message, { context });
  }

  private write(level: pino.Level, message: unknown, base: Record<string, unknown>): void {
    if (!this.pino.isLevelEnabled(level)) return;
    if (isStructured(message)) {
      const { msg, startup: _startup, ...fields } = message;
      this.pino[level]({ ...base, ...fields }, msg);
    } else {
      this.pino[level](base, String(message));
    }
  }
}
