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

  // Vectors read from a real ClickHouse 18.16 server (system.parts.partition_id after an INSERT);
  // the algorithm is MergeTreePartition::getID (SipHash-128 of LegacyFieldVisitorHash).
  it.each<
    [string, string[], PartitionKeyElement['type'][] | string[], Parameters<typeof resolvePartition>[1]]
  >([
    [
      'String abc (BEHAVIOUR.md §6)',
      ['f815b3f19bae3563399d3c6214a8ed43'],
      ['String'],
      [{ kind: 'string', value: 'abc' }],
    ],
    ['Float64 1.5', ['11876ff8640afac37203e8651c527cea'], ['Float64'], [{ kind: 'float', value: 1.5 }]],
    ['Float32 0.1', ['087e742fc96d6b7765054eb7abee8f9d'], ['Float32'], [{ kind: 'float', value: 0.1 }]],
    [
      "(String, Int32) ('a', -3)",
      ['5c2ec727339ddcd31085678595c9224c'],
      ['String', 'Int32'],
      [
        { kind: 'string', value: 'a' },
        { kind: 'int', value: '-3' },
      ],
    ],
    [
      "(Date, String) ('2019-01-02', 'x')",
      ['44cd26e5886cc80701233525f6a95e3d'],
      ['Date', 'String'],
      [
        { kind: 'string', value: '2019-01-02' },
        { kind: 'string', value: 'x' },
      ],
    ],
  ])('given a %s key, when resolved, then the ID is the server one', (_, [expected], types, values) => {
    expect(resolvePartition(key(...types), values).partitionId).toBe(expected);
  });

  it('gives an Enum key its number, and prints its name (BEHAVIOUR.md §6)', () => {
    const enumKey = key("Enum8('a' = 1, 'b' = 2)");
    expect(resolvePartition(enumKey, [{ kind: 'string', value: 'b' }])).toEqual({
      partitionId: '2',
      partition: 'b',
    });
    expect(resolvePartition(enumKey, [{ kind: 'int', value: '1' }]).partitionId).toBe('1');
    expect(code(() => resolvePartition(enumKey, [{ kind: 'string', value: 'c' }]))).toBe(
      'INVALID_PARTITION_VALUE',
    );
  });

  it('gives a wrong-typed value 53 TYPE_MISMATCH and a wrong field count 248 (BEHAVIOUR.md §6)', () => {
    expect(code(() => resolvePartition(key('UInt32'), [{ kind: 'string', value: 'abc' }]))).toBe(
      'TYPE_MISMATCH',
    );
    expect(code(() => resolvePartition(key('Date'), [{ kind: 'string', value: 'yesterday' }]))).toBe(
      'TYPE_MISMATCH',
    );
  });

  it('refuses values that do not fit the key with INVALID_PARTITION_VALUE', () => {
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
