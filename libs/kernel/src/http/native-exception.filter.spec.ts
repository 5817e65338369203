import { Logger } from '@nestjs/common';
import { DomainError } from '../domain';
import {
  AuthenticationError,
  PayloadTooLargeError,
  ReadModelUnavailableError,
  RequestValidationError,
} from '../errors/kernel-errors';
import { mergeNativeErrorStatuses, NativeExceptionFilter } from './native-exception.filter';

describe('NativeExceptionFilter', () => {
  const filter = new NativeExceptionFilter(
    mergeNativeErrorStatuses({ NO_SUCH_THING: 404 }, { ALREADY_THERE: 409, NO_SUCH_THING: 404 }),
  );

  it('answers a domain error with the status of its code in the table', () => {
    expect(filter.describe(new DomainError('NO_SUCH_THING', 'gone'))).toEqual({
      status: 404,
      body: { error: { code: 'NO_SUCH_THING', message: 'gone' } },
    });
    expect(filter.describe(new DomainError('ALREADY_THERE', 'twice')).status).toBe(409);
  });

  it("answers the kernel's errors with their own status and code", () => {
    expect(filter.describe(new AuthenticationError()).status).toBe(401);
    expect(filter.describe(new PayloadTooLargeError(10)).body).toEqual({
      error: {
        code: 'TOO_LARGE',
        message: 'The request body is larger than the 10 bytes this operation accepts',
      },
    });
    expect(filter.describe(new RequestValidationError(['a: must be a string'])).status).toBe(400);
    const unavailable = filter.describe(new ReadModelUnavailableError(['parts'], 7n, true));
    expect(unavailable.status).toBe(503);
    expect(unavailable.body).toMatchObject({ error: { code: 'READ_MODEL_UNAVAILABLE' } });
  });

  it('answers anything else, including a domain code outside every table, as a logged 500', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      for (const error of [new Error('boom'), new DomainError('NOT_IN_ANY_TABLE', 'x'), 'thrown string']) {
        expect(filter.describe(error)).toEqual({
          status: 500,
          body: { error: { code: 'INTERNAL', message: 'Internal error; see the engine log' } },
        });
      }
      expect(logged).toHaveBeenCalledTimes(3);
    } finally {
      logged.mockRestore();
    }
  });

  it('refuses two tables that give one code different statuses', () => {
    expect(() => mergeNativeErrorStatuses({ TAKEN: 409 }, { TAKEN: 400 })).toThrow(
      'Domain error TAKEN is mapped to both 409 and 400',
    );
  });
});
