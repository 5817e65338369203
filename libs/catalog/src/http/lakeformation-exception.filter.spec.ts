import { Logger } from '@nestjs/common';
import { AuthenticationError, PayloadTooLargeError, ReadModelUnavailableError } from '@engine/kernel';
import { CatalogError } from '../domain';
import { LakeFormationExceptionFilter } from './lakeformation-exception.filter';

describe('LakeFormationExceptionFilter', () => {
  const filter = new LakeFormationExceptionFilter();

  it("answers a domain refusal with its table's status and error_code", () => {
    expect(filter.describe(new CatalogError('CATALOG_NOT_FOUND', 'Catalog c not found'))).toEqual({
      status: 404,
      body: {
        error_code: 'common.00000404',
        error_msg: 'Catalog c not found',
        solution_msg: 'Check the catalog name.',
      },
    });
    expect(filter.describe(new CatalogError('BATCH_TOO_LARGE', 'Too many')).body).toMatchObject({
      error_code: 'common.00000004',
      error_msg: 'failed to read http request, please check your input, code: 400, reason: Too many',
    });
  });

  it("answers the kernel's errors in LakeFormation's shape", () => {
    expect(filter.describe(new AuthenticationError())).toMatchObject({
      status: 401,
      body: { error_code: 'APIG.1002' },
    });
    expect(filter.describe(new PayloadTooLargeError(5))).toMatchObject({
      status: 413,
      body: { error_code: 'common.00000413' },
    });
    expect(filter.describe(new ReadModelUnavailableError(['catalog-partitions'], 4n, false))).toMatchObject({
      status: 503,
      body: { error_code: 'common.00000503', solution_msg: 'Retry later.' },
    });
  });

  it('logs anything else and answers common.00000500', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      expect(filter.describe(new Error('boom'))).toMatchObject({
        status: 500,
        body: { error_code: 'common.00000500', error_msg: 'internal error' },
      });
      expect(logged).toHaveBeenCalledTimes(1);
    } finally {
      logged.mockRestore();
    }
  });
});
