import {
  DomainError,
  EngineExceptionFilter,
  ErrorReply,
  KernelErrorDescription,
  RequestValidationError,
} from '@engine/kernel';
import { Catch } from '@nestjs/common';
import type { CatalogErrorCode } from '../domain';

const BAD_REQUEST = 'common.01000001';
const READ_FAILED = 'failed to read http request, please check your input, code: 400, reason:';

/** Status and error_code per domain code (codes after BEHAVIOUR.md section 4; `common.` prefix as in the seed). */
const DOMAIN_ERRORS: Record<CatalogErrorCode, { status: number; code: string; solution: string }> = {
  INVALID_PARAMETER: { status: 400, code: BAD_REQUEST, solution: 'Correct the parameter and try again.' },
  PARTITION_ALREADY_EXISTS: {
    status: 400,
    code: 'common.00000003',
    solution: 'Remove existing partitions or set if_not_exist to true.',
  },
  CATALOG_ALREADY_EXISTS: { status: 400, code: 'common.00000003', solution: 'Use another catalog name.' },
  DATABASE_ALREADY_EXISTS: { status: 400, code: 'common.00000003', solution: 'Use another database name.' },
  TABLE_ALREADY_EXISTS: { status: 400, code: 'common.00000003', solution: 'Use another table name.' },
  BATCH_TOO_LARGE: {
    status: 400,
    code: 'common.00000004',
    solution: 'Send at most 100 partitions per request.',
  },
  TABLE_NOT_PARTITIONED: {
    status: 400,
    code: 'common.00000011',
    solution: 'Only tables with partition keys take partitions.',
  },
  PARTITION_VALUES_MISMATCH: {
    status: 400,
    code: 'common.00000012',
    solution: 'Give one partition value per partition key of the table.',
  },
  INVALID_COLUMN_TYPE: {
    status: 400,
    code: 'common.00000013',
    solution: 'Use one of the column types the API lists.',
  },
  CATALOG_NOT_FOUND: { status: 404, code: 'common.00000404', solution: 'Check the catalog name.' },
  DATABASE_NOT_FOUND: {
    status: 404,
    code: 'common.00000404',
    solution: 'Check the catalog and database names.',
  },
  TABLE_NOT_FOUND: {
    status: 404,
    code: 'common.00000404',
    solution: 'Check the catalog, database and table names.',
  },
  PARTITION_NOT_FOUND: { status: 404, code: 'common.00000404', solution: 'Check the partition values.' },
};

/** Renders every error of the LakeFormation routes as `{ error_code, error_msg, solution_msg }`. */
@Catch()
export class LakeFormationExceptionFilter extends EngineExceptionFilter<CatalogErrorCode> {
  protected readonly domainErrors = DOMAIN_ERRORS;

  protected domainError(error: DomainError<CatalogErrorCode>): ErrorReply {
    const { status, code, solution } = DOMAIN_ERRORS[error.code];
    return reply(status, code, status === 400 ? `${READ_FAILED} ${error.message}` : error.message, solution);
  }

  protected kernelError(kernel: KernelErrorDescription, error: unknown): ErrorReply {
    if (kernel.code === 'UNAUTHENTICATED') {
      const solution = 'Send a valid token in the X-Auth-Token header.';
      return reply(401, 'APIG.1002', 'Incorrect token or token resolution failed', solution);
    }
    if (kernel.code === 'FORBIDDEN') return forbidden(kernel.message);
    if (error instanceof RequestValidationError) {
      const reason = error.messages.join('; ');
      const cause = reason.startsWith('Type mismatch') ? ', cause: TypeMismatchException' : '';
      return reply(400, BAD_REQUEST, `${READ_FAILED} ${reason}${cause}`, 'Correct the request body.');
    }
    if (kernel.status === 400) {
      return reply(400, BAD_REQUEST, `${READ_FAILED} ${kernel.message}`, 'Correct the request body.');
    }
    const solution = kernel.status < 500 ? 'Check the request and retry.' : 'Retry later.';
    return reply(kernel.status, `common.00000${kernel.status}`, kernel.message, solution);
  }

  protected internalError(): ErrorReply {
    return reply(500, 'common.00000500', 'internal error', 'Retry later or contact the operator.');
  }
}

function reply(status: number, errorCode: string, message: string, solution: string): ErrorReply {
  return { status, body: { error_code: errorCode, error_msg: message, solution_msg: solution } };
}

/** The seed's 403 body: the fields repeated under `error`, plus solution_msg. */
function forbidden(message: string): ErrorReply {
  return {
    status: 403,
    body: {
      error: { code: '403', message, error_code: null, error_msg: null, title: 'Forbidden' },
      error_code: '403',
      error_msg: message,
      title: 'Forbidden',
      solution_msg: 'Use a token of this project with the operator role for changes.',
    },
  };
}
