import { describeKernelError } from '@engine/kernel';
import { DomainError } from '@engine/kernel/domain';
import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

const NOT_FOUND = new Set(['UNKNOWN_TABLE']);
const INVALID = new Set([
  'INVALID_PARTITION_VALUE',
  'TYPE_MISMATCH',
  'BAD_ARGUMENTS',
  'BAD_DATA_PART_NAME',
  'INCORRECT_FILE_NAME',
]);

/** The native API's shape `{ error: { code, message } }`, with MergeTree's refusals mapped to 404/400/409. */
@Catch()
export class NativeMergeTreeExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('NativeMergeTreeExceptionFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    let described = describeKernelError(error);
    if (error instanceof DomainError) {
      const status = NOT_FOUND.has(error.code) ? 404 : INVALID.has(error.code) ? 400 : 409;
      described = { status, code: error.code, message: error.message };
    }
    if (!described) {
      this.logger.error(`unhandled error: ${(error as Error)?.stack ?? String(error)}`);
      described = { status: 500, code: 'INTERNAL', message: 'Internal error; see the engine log' };
    }
    void reply.status(described.status).send({ error: { code: described.code, message: described.message } });
  }
}
