import { Logger } from '@nestjs/common';
import {
  AuthorizationError,
  PayloadTooLargeError,
  ReadModelUnavailableError,
  RequestValidationError,
} from '@engine/kernel';
import { TabletError } from '../domain';
import { DorisRequestError } from './doris-compaction.params';
import { DorisExceptionFilter } from './doris-exception.filter';

const fail = (status: number, msg: string) => ({ status, body: { status: 'Fail', msg } });

describe('DorisExceptionFilter', () => {
  const filter = new DorisExceptionFilter();

  it("answers a tablet refusal as Doris does: 200 Fail, with Doris's number where it has one", () => {
    expect(filter.describe(new TabletError('NO_BASE_CANDIDATES', 'none'))).toEqual(
      fail(200, 'fail to execute compaction, error = -808'),
    );
    expect(filter.describe(new TabletError('TABLET_NOT_FOUND', 'no tablet 7'))).toEqual(
      fail(200, 'Tablet not found'),
    );
    expect(filter.describe(new TabletError('COMPACTION_ALREADY_RUNNING', 'running'))).toEqual(
      fail(200, 'fail to execute compaction, running'),
    );
    expect(filter.describe(new DorisRequestError('invalid tablet_id'))).toEqual(
      fail(200, 'invalid tablet_id'),
    );
  });

  it('keeps auth, body size and server faults as HTTP statuses, client mistakes as 200', () => {
    expect(filter.describe(new AuthorizationError())).toEqual(fail(403, 'Forbidden'));
    expect(filter.describe(new PayloadTooLargeError(5)).status).toBe(413);
    expect(filter.describe(new RequestValidationError(['bad'])).status).toBe(200);
    const unavailable = new ReadModelUnavailableError(['compaction-status'], 2n, false);
    expect(filter.describe(unavailable)).toEqual(fail(503, unavailable.message));
  });

  it('logs anything else and answers 500 in the same shape', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      expect(filter.describe(new Error('boom'))).toEqual(fail(500, 'Internal error; see the engine log'));
      expect(logged).toHaveBeenCalledTimes(1);
    } finally {
      logged.mockRestore();
    }
  });
});
