import { ArgumentsHost, ExceptionFilter, Logger } from '@nestjs/common';
import { DomainError } from '../domain';
import { describeKernelError, KernelErrorDescription } from '../errors/kernel-errors';
import { ReplyLike } from './reply-like';

/** One error as a dialect sends it. */
export interface ErrorReply {
  status: number;
  body: unknown;
  headers?: Readonly<Record<string, string>>;
}

/**
 * The plumbing every error filter shares, so a dialect writes only its policy: errors are
 * classified once, in one order (the dialect's own error classes, then a domain code of the
 * dialect's table, then the kernel's errors - auth, 400/413 bodies, 409, 503 store or read
 * model), and anything else is logged with its stack and answered as the dialect's 500.
 */
export abstract class EngineExceptionFilter<Code extends string = string> implements ExceptionFilter {
  private readonly logger = new Logger(this.constructor.name);

  /**
   * The domain codes this dialect renders, typed as `Record<TheFamilyCode, ...>` so a new code
   * without an entry fails typecheck. A DomainError with a code outside it is unexpected (500).
   */
  protected abstract readonly domainErrors: Readonly<Record<Code, unknown>>;

  catch(error: unknown, host: ArgumentsHost): void {
    const { status, body, headers } = this.describe(error);
    const reply = host.switchToHttp().getResponse<ReplyLike>().status(status);
    for (const [name, value] of Object.entries(headers ?? {})) reply.header(name, value);
    reply.send(body);
  }

  describe(error: unknown): ErrorReply {
    const own = this.dialectError(error);
    if (own) return own;
    if (error instanceof DomainError && Object.prototype.hasOwnProperty.call(this.domainErrors, error.code)) {
      return this.domainError(error as DomainError<Code>);
    }
    const kernel = describeKernelError(error);
    if (kernel) return this.kernelError(kernel, error);
    this.logger.error(`unhandled error: ${(error as Error)?.stack ?? String(error)}`);
    return this.internalError();
  }

  /** The dialect's own error classes (raised by its controllers and parsers), if any. */
  protected dialectError(_error: unknown): ErrorReply | undefined {
    return undefined;
  }

  protected abstract domainError(error: DomainError<Code>): ErrorReply;

  protected abstract kernelError(known: KernelErrorDescription, error: unknown): ErrorReply;

  protected abstract internalError(): ErrorReply;
}
