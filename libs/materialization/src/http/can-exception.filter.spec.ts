import { Logger } from '@nestjs/common';
import { AuthenticationError, ReadModelUnavailableError } from '@engine/kernel';
import { planError } from '../domain';
import { CanExceptionFilter } from './can-exception.filter';

describe('CanExceptionFilter', () => {
  const filter = new CanExceptionFilter();

  it("answers a plan refusal in CAN's envelope with the native status and the engine's code", () => {
    expect(filter.describe(planError('PLAN_NOT_FOUND', 'No plan p'))).toEqual({
      status: 404,
      body: {
        data: null,
        success: false,
        code: '404',
        errorMsg: 'No plan p',
        detailErrorMsg: 'PLAN_NOT_FOUND',
      },
    });
    expect(filter.describe(planError('GRANULARITY_MISMATCH', 'Wrong granularity')).status).toBe(400);
  });

  it("answers the kernel's errors in the envelope with their status", () => {
    expect(filter.describe(new AuthenticationError())).toMatchObject({
      status: 401,
      body: { code: '401', detailErrorMsg: 'UNAUTHENTICATED' },
    });
    expect(
      filter.describe(new ReadModelUnavailableError(['materialized-partitions'], 1n, true)),
    ).toMatchObject({
      status: 503,
      body: { code: '503', detailErrorMsg: 'READ_MODEL_UNAVAILABLE' },
    });
  });

  it('logs anything else and answers 500 INTERNAL', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      expect(filter.describe(new Error('boom'))).toMatchObject({
        status: 500,
        body: { detailErrorMsg: 'INTERNAL' },
      });
      expect(logged).toHaveBeenCalledTimes(1);
    } finally {
      logged.mockRestore();
    }
  });
});
