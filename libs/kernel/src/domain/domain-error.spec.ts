import { assertNever } from './decider';
import { DomainError } from './domain-error';

describe('DomainError', () => {
  it('names itself, so logs and error filters tell it from a crash', () => {
    const error = new DomainError('NO_SUCH_PART', 'no part p1', { part: 'p1' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DomainError');
    expect(String(error)).toBe('DomainError: no part p1');
    expect([error.code, error.details]).toEqual(['NO_SUCH_PART', { part: 'p1' }]);
  });

  it('carries empty details when none are given', () => {
    expect(new DomainError('X', 'x').details).toEqual({});
  });
});

describe('assertNever', () => {
  it('throws, naming the case no switch handled', () => {
    expect(() => assertNever({ type: 'Unknown' } as never)).toThrow('unhandled case: {"type":"Unknown"}');
  });
});
