import { Catch } from '@nestjs/common';
import { DomainError } from '../domain';
import { KernelErrorDescription } from '../errors/kernel-errors';
import { EngineExceptionFilter, ErrorReply } from './engine-exception.filter';

/** Each family's status per domain code on the native API; typed per family, so exhaustive. */
export type NativeErrorStatuses = Readonly<Record<string, number>>;

/**
 * One table of every family's native statuses. A code two families share must mean the same
 * status; a disagreement stops the engine at start rather than answering one of them wrongly.
 */
export function mergeNativeErrorStatuses(...tables: NativeErrorStatuses[]): NativeErrorStatuses {
  const merged: Record<string, number> = {};
  for (const table of tables) {
    for (const [code, status] of Object.entries(table)) {
      if (merged[code] !== undefined && merged[code] !== status) {
        throw new Error(`Domain error ${code} is mapped to both ${merged[code]} and ${status}`);
      }
      merged[code] = status;
    }
  }
  return merged;
}

/**
 * The native API's error shape, `{ "error": { "code", "message" } }`, for every `/engine/v1`
 * route (the app's global filter): a domain error's status comes from the families' tables,
 * a kernel error keeps its own status and code, anything else is a logged 500 `INTERNAL`.
 */
@Catch()
export class NativeExceptionFilter extends EngineExceptionFilter {
  constructor(protected readonly domainErrors: NativeErrorStatuses) {
    super();
  }

  protected domainError(error: DomainError): ErrorReply {
    return native(this.domainErrors[error.code], error.code, error.message);
  }

  protected kernelError({ status, code, message }: KernelErrorDescription): ErrorReply {
    return native(status, code, message);
  }

  protected internalError(): ErrorReply {
    return native(500, 'INTERNAL', 'Internal error; see the engine log');
  }
}

function native(status: number, code: string, message: string): ErrorReply {
  return { status, body: { error: { code, message } } };
}
