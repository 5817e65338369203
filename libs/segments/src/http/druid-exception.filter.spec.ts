import { Logger } from '@nestjs/common';
import { PayloadTooLargeError, ReadModelUnavailableError } from '@engine/kernel';
import { SegmentsError } from '../domain';
import { DruidExceptionFilter } from './druid-exception.filter';
import { DruidUnsupportedMediaTypeError } from './druid.errors';

const TEXT = { 'content-type': 'text/plain; charset=utf-8' };
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

describe('DruidExceptionFilter', () => {
  const filter = new DruidExceptionFilter();

  it("answers a bad segment ID in plain text and other refusals as Druid's invalidInput JSON", () => {
    expect(filter.describe(new SegmentsError('INVALID_SEGMENT_ID', 'Bad ID'))).toEqual({
      status: 400,
      body: 'Bad ID',
      headers: TEXT,
    });
    expect(filter.describe(new SegmentsError('UNKNOWN_SEGMENT_IDS', 'Unknown'))).toEqual({
      status: 400,
      body: expect.objectContaining({ errorCode: 'invalidInput', errorMessage: 'Unknown' }),
      headers: JSON_TYPE,
    });
  });

  it("answers its own errors and the kernel's in Druid's shapes", () => {
    expect(filter.describe(new DruidUnsupportedMediaTypeError('text/csv')).status).toBe(415);
    expect(filter.describe(new PayloadTooLargeError(5))).toMatchObject({ status: 413, headers: JSON_TYPE });
    const unavailable = new ReadModelUnavailableError(['segment-used'], 3n, false);
    expect(filter.describe(unavailable)).toEqual({
      status: 503,
      body: { error: unavailable.message },
      headers: JSON_TYPE,
    });
  });

  it('logs anything else and answers a 500 without details', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      expect(filter.describe(new TypeError('x is undefined'))).toEqual({
        status: 500,
        body: { error: 'Server error' },
        headers: JSON_TYPE,
      });
      expect(logged).toHaveBeenCalledTimes(1);
    } finally {
      logged.mockRestore();
    }
  });
});
