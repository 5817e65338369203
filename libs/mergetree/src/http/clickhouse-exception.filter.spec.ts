import { Logger } from '@nestjs/common';
import { PayloadTooLargeError, ReadModelUnavailableError } from '@engine/kernel';
import { mergeTreeError } from '../domain';
import { ClickHouseExceptionFilter } from './clickhouse-exception.filter';
import { syntaxError } from './clickhouse.error';

const headersFor = (code: number) => ({
  'X-ClickHouse-Exception-Code': String(code),
  'Content-Type': 'text/plain; charset=UTF-8',
});

describe('ClickHouseExceptionFilter', () => {
  const filter = new ClickHouseExceptionFilter();

  it("answers a domain refusal with ClickHouse's number, name and that number's HTTP status", () => {
    expect(filter.describe(mergeTreeError('UNKNOWN_TABLE', 'Table db.t does not exist.'))).toEqual({
      status: 404,
      body: 'Code: 60. DB::Exception: Table db.t does not exist. (UNKNOWN_TABLE)\n',
      headers: headersFor(60),
    });
    expect(filter.describe(mergeTreeError('NO_SUCH_DATA_PART', 'No part')).status).toBe(500);
    expect(filter.describe(syntaxError('Syntax error'))).toMatchObject({
      status: 400,
      headers: headersFor(62),
    });
  });

  it("answers the kernel's errors with their status and ClickHouse's nearest code", () => {
    expect(filter.describe(new PayloadTooLargeError(5))).toMatchObject({
      status: 413,
      headers: headersFor(229),
    });
    expect(filter.describe(new ReadModelUnavailableError(['parts'], 9n, true))).toMatchObject({
      status: 503,
      body: expect.stringMatching(
        /^Code: 159\. DB::Exception: Read model parts has failed .*\(TIMEOUT_EXCEEDED\)\n$/,
      ),
      headers: headersFor(159),
    });
  });

  it('logs anything else and answers STD_EXCEPTION 500', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      expect(filter.describe(new Error('boom'))).toMatchObject({ status: 500, headers: headersFor(1001) });
      expect(logged).toHaveBeenCalledTimes(1);
    } finally {
      logged.mockRestore();
    }
  });
});
