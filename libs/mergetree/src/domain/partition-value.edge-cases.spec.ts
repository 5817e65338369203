import { DomainError } from '@engine/kernel/domain';
import type { Literal } from './partition-value.value-object';
import { daysOf, quote, resolvePartition } from './partition-value.value-object';
import type { PartitionKeyElement } from './table-definition.value-object';

const key = (...types: string[]): PartitionKeyElement[] =>
  types.map((type, i) => ({ function: 'identity', column: `c${i}`, type }));
const int = (value: string): Literal => ({ kind: 'int', value });
const str = (value: string): Literal => ({ kind: 'string', value });
const date = (value: string): Literal => ({ kind: 'date', value });
const float = (value: number): Literal => ({ kind: 'float', value });
const NULL: Literal = { kind: 'null' };

/** Resolves one value of a one-element key of `type`. */
const one = (type: string, literal: Literal) => resolvePartition(key(type), [literal]);
/** The code and message a value is refused with. */
function refusal(type: string | string[], ...values: Literal[]): [string, string] {
  try {
    resolvePartition(key(...(Array.isArray(type) ? type : [type])), values);
  } catch (error) {
    if (error instanceof DomainError) return [error.code, error.message];
    throw error;
  }
  throw new Error('expected a refusal');
}
const cannot = (shown: string, type: string) =>
  `Cannot convert partition value ${shown} to type ${type} of partition key element c0`;

// Hashed IDs below were computed by this implementation of MergeTreePartition::getID, whose
// algorithm is checked against a real server in partition-value.value-object.spec.ts; they pin
// which Field type (UInt64, Int64, Float64, String, Null) each key type hashes as.
const STRING_ABC = 'f815b3f19bae3563399d3c6214a8ed43';
const NULL_ID = '2b16b490a87466b6a6d34fd9027f3c3d';

describe('partition values: edge cases', () => {
  it('names both counts when the number of values does not fit the key', () => {
    expect(refusal(['UInt8', 'UInt8'], int('1'))).toEqual([
      'INVALID_PARTITION_VALUE',
      'Wrong number of fields in the partition expression: 1, must be: 2',
    ]);
  });

  it('given a Nullable key, when the value is NULL, then it hashes the Null tag and prints NULL', () => {
    for (const type of ['Nullable(String)', 'LowCardinality(Nullable(String))', 'Nullable(UInt32)'])
      expect(one(type, NULL)).toEqual({ partitionId: NULL_ID, partition: 'NULL' });
    expect(refusal('UInt8', NULL)).toEqual(['INVALID_PARTITION_VALUE', cannot('NULL', 'UInt8')]);
    expect(refusal('LowCardinality(String)', NULL)[0]).toBe('INVALID_PARTITION_VALUE');
    // Only the key's own type may be Nullable, not a type inside it.
    expect(refusal('Array(Nullable(String))', NULL)[0]).toBe('INVALID_PARTITION_VALUE');
    expect(one('Nullable(UInt32)', int('5'))).toEqual({ partitionId: '5', partition: '5' });
  });

  it('reads integers from int and string literals, and refuses the rest with the right code', () => {
    expect(one('UInt32', str('42'))).toEqual({ partitionId: '42', partition: '42' });
    expect(one('Int128', int('-5')).partitionId).toBe('-5');
    expect(one('UInt256', int('7')).partitionId).toBe('7');
    expect(one('Bool', int('1')).partitionId).toBe('1');
    expect(refusal('Bool', int('-1'))).toEqual(['INVALID_PARTITION_VALUE', cannot('-1', 'Bool')]);
    expect(refusal('UInt32', float(1.5))).toEqual(['INVALID_PARTITION_VALUE', cannot('1.5', 'UInt32')]);
    expect(refusal('UInt32', str('abc'))).toEqual(['TYPE_MISMATCH', cannot("'abc'", 'UInt32')]);
    for (const bad of ['007', '1x', 'x1', '1.0', '--1', ''])
      expect(refusal('Int32', str(bad))[0]).toBe('TYPE_MISMATCH');
  });

  it('hashes an unsigned integer as UInt64 and a signed one as Int64 beside a non-integer', () => {
    expect(resolvePartition(key('String', 'UInt32'), [str('a'), int('3')])).toEqual({
      partitionId: '82cc5f6ae835ac2e1f76a016fbba7cf3',
      partition: "('a',3)",
    });
    expect(resolvePartition(key('String', 'Int32'), [str('a'), int('3')]).partitionId).toBe(
      '6628f00768027e01bf66115921643910',
    );
    expect(resolvePartition(key('UInt32', 'String'), [int('3'), str('a')])).toEqual({
      partitionId: 'b5a49f9b7ebb62ad08dd2ef1a3982fa6',
      partition: "(3,'a')",
    });
  });

  it('gives an Enum its number by name or by number, and refuses other values', () => {
    const enum8 = "Enum8('a' = 1, 'b' = 2)";
    expect(one(enum8, int('2'))).toEqual({ partitionId: '2', partition: 'b' });
    expect(refusal(enum8, int('3'))).toEqual(['INVALID_PARTITION_VALUE', cannot('3', enum8)]);
    expect(refusal(enum8, float(1))[0]).toBe('INVALID_PARTITION_VALUE');
    expect(refusal(enum8, str('1'))[0]).toBe('INVALID_PARTITION_VALUE');
    const escaped = "Enum16('it\\'s' = -1, 'x' = 300)";
    expect(one(escaped, str("it's"))).toEqual({ partitionId: '-1', partition: "it's" });
    expect(one(escaped, int('300')).partitionId).toBe('300');
    // A name that looks like a number is a name: the int literal 1 is the entry numbered 1.
    expect(one("Enum8('1' = 2, 'b' = 1)", int('1'))).toEqual({ partitionId: '1', partition: 'b' });
    expect(one("Enum8('1' = 2, 'b' = 1)", str('1'))).toEqual({ partitionId: '2', partition: '1' });
    // Spaces around '=' are optional, and a plain Enum sizes itself.
    expect(one("Enum('ab'=10,'c'=-20)", str('c'))).toEqual({ partitionId: '-20', partition: 'c' });
    expect(one("Enum16('ab'=10)", int('10')).partition).toBe('ab');
    expect(resolvePartition(key(enum8, 'String'), [str('b'), str('x')]).partitionId).toBe(
      '10a71ed4d33cc0e58733466c0eb326c1',
    );
  });

  it('reads Date and Date32 from string and date literals; a non-day is 248, a non-date 53', () => {
    expect(one('Date', date('2020-02-29'))).toEqual({ partitionId: '20200229', partition: '2020-02-29' });
    expect(one('Nullable(Date)', str('2020-11-21')).partitionId).toBe('20201121');
    expect(one('Date32', str('1970-01-10'))).toEqual({ partitionId: '9', partition: '1970-01-10' });
    expect(one('Date32', str('1969-12-31')).partitionId).toBe('-1');
    expect(refusal('Date', str('2019-02-29'))).toEqual([
      'INVALID_PARTITION_VALUE',
      cannot("'2019-02-29'", 'Date'),
    ]);
    expect(refusal('Date', date('2020-13-01'))).toEqual([
      'INVALID_PARTITION_VALUE',
      cannot('2020-13-01', 'Date'),
    ]);
    expect(refusal('Date', int('20201121'))).toEqual(['TYPE_MISMATCH', cannot('20201121', 'Date')]);
    expect(refusal('Date32', str('2020-1-1'))[0]).toBe('TYPE_MISMATCH');
    expect(resolvePartition(key('Date32', 'String'), [str('2019-01-02'), str('x')]).partitionId).toBe(
      '9f81dffa19589bfb01a31847068e89fc',
    );
  });

  it('reads a DateTime from its Unix time, a day, or a day and a time within 23:59:59', () => {
    expect(one('DateTime', int('86401'))).toEqual({ partitionId: '86401', partition: '86401' });
    expect(one("DateTime('UTC')", str('1970-01-02'))).toEqual({
      partitionId: '86400',
      partition: '1970-01-02 00:00:00',
    });
    expect(one('DateTime', date('1970-01-01 23:59:59'))).toEqual({
      partitionId: '86399',
      partition: '1970-01-01 23:59:59',
    });
    for (const bad of ['1970-01-01 24:00:00', '1970-01-01 00:60:00', '1970-01-01 00:00:60', '1970-02-30'])
      expect(refusal('DateTime', str(bad))).toEqual([
        'INVALID_PARTITION_VALUE',
        cannot(`'${bad}'`, 'DateTime'),
      ]);
    expect(refusal('DateTime', str('noon'))).toEqual(['TYPE_MISMATCH', cannot("'noon'", 'DateTime')]);
    expect(refusal('DateTime', float(1))[0]).toBe('TYPE_MISMATCH');
    for (const time of [str('1970-01-02 00:00:01'), int('86401')])
      expect(resolvePartition(key('DateTime', 'String'), [time, str('x')]).partitionId).toBe(
        'f471d03d4ef0b065938acb358a23e11f',
      );
  });

  it('reads floats from int and float literals; Float32 rounds to single precision, BFloat16 does not', () => {
    expect(one('Float64', int('2'))).toEqual({
      partitionId: '203381a8a3bd6d5b9fb0b89f235c3d3e',
      partition: '2',
    });
    expect(one('Float64', float(2)).partitionId).toBe('203381a8a3bd6d5b9fb0b89f235c3d3e');
    expect(one('BFloat16', float(0.1))).toEqual(one('Float64', float(0.1)));
    expect(one('Float32', float(0.1)).partitionId).not.toBe(one('Float64', float(0.1)).partitionId);
    expect(one('Float64', float(1.5)).partition).toBe('1.5');
    expect(refusal('Float64', str('1.5'))).toEqual(['TYPE_MISMATCH', cannot("'1.5'", 'Float64')]);
  });

  it('reads strings from string and date literals, quoting and escaping them in a tuple', () => {
    expect(one('FixedString(3)', str('abc'))).toEqual({ partitionId: STRING_ABC, partition: 'abc' });
    expect(one('String', date('abc')).partitionId).toBe(STRING_ABC);
    expect(refusal('String', int('5'))).toEqual(['TYPE_MISMATCH', cannot('5', 'String')]);
    expect(refusal('FixedString(16)', int('5'))[0]).toBe('TYPE_MISMATCH');
    expect(refusal('FixedString(3)', int('5'))[0]).toBe('TYPE_MISMATCH');
    expect(one('String', str("it's"))).toEqual({
      partitionId: 'de8077ca66b7d4c91dec24170dce4d53',
      partition: "it's",
    });
    expect(resolvePartition(key('String', 'String'), [str("it's"), str('a\\b')])).toEqual({
      partitionId: '403a9fe2d09aed5587ce0b5878284bfe',
      partition: "('it\\'s','a\\\\b')",
    });
  });

  it('hashes any other type as the string it was written as', () => {
    expect(one('UUID', str('abc'))).toEqual({ partitionId: STRING_ABC, partition: 'abc' });
    expect(one('IPv4', date('abc')).partitionId).toBe(STRING_ABC);
    expect(one('IPv4', int('5'))).toEqual(one('String', str('5')));
    expect(one('Decimal(9, 2)', float(1.5))).toEqual(one('String', str('1.5')));
    expect(resolvePartition(key('UUID', 'String'), [str('a'), str('x')]).partition).toBe("('a','x')");
    expect(resolvePartition(key('UUID', 'String'), [date('a'), str('x')]).partition).toBe("('a','x')");
    expect(resolvePartition(key('IPv4', 'String'), [int('5'), str('x')]).partition).toBe("(5,'x')");
    // A composite type is no Enum and no DateTime even when it holds one.
    expect(one("Array(Enum8('a' = 1))", str('a'))).toEqual(one('String', str('a')));
    expect(one("Array(DateTime('UTC'))", str('1970-01-02'))).toEqual(one('String', str('1970-01-02')));
    // Spaces around a type as written in CREATE TABLE do not change it.
    expect(one(' Nullable( UInt32 ) ', int('5'))).toEqual({ partitionId: '5', partition: '5' });
    // DateTime64 is not DateTime: its values are no Unix seconds.
    expect(one('DateTime64(3)', str('1970-01-02'))).toEqual(one('String', str('1970-01-02')));
  });

  it('counts days from 1970-01-01 only for real calendar days', () => {
    expect(daysOf('1970-01-01')).toBe(0);
    expect(daysOf('2000-02-29')).toBe(11016);
    expect(daysOf('1900-02-29')).toBeUndefined();
    expect(daysOf('2020-04-31')).toBeUndefined();
    expect(daysOf('x2020-04-01')).toBeUndefined();
    expect(daysOf('2020-04-01x')).toBeUndefined();
  });

  it('quotes with backslash escapes', () => {
    expect(quote("a'b\\c")).toBe("'a\\'b\\\\c'");
  });
});
