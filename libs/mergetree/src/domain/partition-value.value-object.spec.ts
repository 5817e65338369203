import { createHash } from 'node:crypto';
import { DomainError } from '@engine/kernel/domain';
import { resolvePartition } from './partition-value.value-object';
import type { PartitionKeyElement } from './table-definition.value-object';

const key = (...types: string[]): PartitionKeyElement[] =>
  types.map((type, i) => ({ function: 'identity', column: `c${i}`, type }));
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'other';
  }
  return 'none';
};

describe('partition IDs (BEHAVIOUR.md §2 Names)', () => {
  it('gives `all` without a partition key', () => {
    expect(resolvePartition([], [])).toEqual({ partitionId: 'all', partition: 'tuple()' });
  });

  it('prints a Date as YYYYMMDD and quotes the value', () => {
    expect(resolvePartition(key('Date'), [{ kind: 'string', value: '2020-11-21' }])).toEqual({
      partitionId: '20201121',
      partition: '2020-11-21',
    });
  });

  it('uses integers as they are and joins a tuple of integers with -', () => {
    expect(resolvePartition(key('UInt32'), [{ kind: 'int', value: '201901' }]).partitionId).toBe('201901');
    expect(
      resolvePartition(key('UInt32', 'Int8'), [
        { kind: 'int', value: '201901' },
        { kind: 'int', value: '-3' },
      ]),
    ).toEqual({
      partitionId: '201901--3',
      partition: '(201901,-3)',
    });
  });

  it('prints a DateTime as its Unix time (UTC)', () => {
    expect(
      resolvePartition(key('DateTime'), [{ kind: 'string', value: '1970-01-02 00:00:01' }]).partitionId,
    ).toBe('86401');
  });

  it('hashes strings, floats and NULL with MD5 of the quoted value: 32 lowercase hex characters', () => {
    const id = resolvePartition(key('String'), [{ kind: 'string', value: "it's" }]).partitionId;
    expect(id).toBe(createHash('md5').update("'it\\'s'").digest('hex'));
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    const mixed = resolvePartition(key('String', 'UInt8'), [
      { kind: 'string', value: 'a' },
      { kind: 'int', value: '1' },
    ]);
    expect(mixed.partitionId).toMatch(/^[0-9a-f]{32}$/);
    expect(resolvePartition(key('Nullable(UInt8)'), [{ kind: 'null' }]).partitionId).toMatch(
      /^[0-9a-f]{32}$/,
    );
    expect(resolvePartition(key('Float64'), [{ kind: 'float', value: 1.5 }]).partition).toBe('1.5');
  });

  it('refuses values that do not fit the key with INVALID_PARTITION_VALUE', () => {
    expect(code(() => resolvePartition(key('Date'), [{ kind: 'string', value: '2020-13-01' }]))).toBe(
      'INVALID_PARTITION_VALUE',
    );
    expect(code(() => resolvePartition(key('Date'), [{ kind: 'int', value: '20201121' }]))).toBe(
      'INVALID_PARTITION_VALUE',
    );
    expect(code(() => resolvePartition(key('UInt8'), [{ kind: 'int', value: '-1' }]))).toBe(
      'INVALID_PARTITION_VALUE',
    );
    expect(code(() => resolvePartition(key('UInt8'), [{ kind: 'null' }]))).toBe('INVALID_PARTITION_VALUE');
    expect(code(() => resolvePartition(key('UInt8', 'UInt8'), [{ kind: 'int', value: '1' }]))).toBe(
      'INVALID_PARTITION_VALUE',
    );
    expect(code(() => resolvePartition([], [{ kind: 'int', value: '1' }]))).toBe('INVALID_PARTITION_VALUE');
  });
});
