import { partition, storage } from '../../test/catalog.fixtures';
import { CatalogError, invalidParameter } from './catalog.errors';
import { checkColumnType, COLUMN_TYPES } from './column-type.value-object';
import { CatalogName, checkParameters, checkText } from './names.value-object';
import { StorageDescriptor } from './partition.model';
import { checkPartition, checkStorageDescriptor } from './storage-descriptor.value-object';
import { normaliseTimestamp } from './timestamp.value-object';

/** The CatalogError `check` throws (fails when it throws nothing or something else). */
function refusal(check: () => unknown): CatalogError {
  try {
    check();
  } catch (error) {
    if (error instanceof CatalogError) return error;
    throw error;
  }
  throw new Error('expected a CatalogError');
}
const fieldOf = (check: () => unknown) => refusal(check).details.field;

describe('catalog value objects: the messages clients read', () => {
  it('an invalid parameter names the field and the rule', () => {
    const error = invalidParameter('table_name', 'must be short');
    expect([error.code, error.message, error.details]).toEqual([
      'INVALID_PARAMETER',
      'Invalid table_name: must be short.',
      { field: 'table_name' },
    ]);
  });

  it('a name rule accepts 1 to max characters of its alphabet and says so', () => {
    expect(CatalogName.check('a')).toBe('a');
    expect(CatalogName.check('a'.repeat(256))).toBe('a'.repeat(256));
    expect(refusal(() => CatalogName.check('')).message).toBe(
      'Invalid catalog_name: must contain 1 to 256 characters, only letters, digits and underscores (_).',
    );
    expect(fieldOf(() => CatalogName.check('a'.repeat(257), 'x'))).toBe('x');
  });

  it('free text is counted in characters, not UTF-16 units', () => {
    expect(checkText('a'.repeat(4000), 'd')).toHaveLength(4000);
    expect(checkText('😀'.repeat(4000), 'd')).toHaveLength(8000);
    expect(refusal(() => checkText('😀'.repeat(4001), 'description')).message).toBe(
      'Invalid description: must contain at most 4000 characters.',
    );
    expect(checkText(undefined, 'd')).toBeUndefined();
  });

  it('parameters: keys of 1 to 255 characters, values of at most 4000', () => {
    expect(checkParameters({ ['k'.repeat(255)]: 'v'.repeat(4000) }, 'p')).toBeDefined();
    expect(refusal(() => checkParameters({ '': 'v' }, 'parameters')).message).toBe(
      'Invalid parameters key: must contain 1 to 255 characters.',
    );
    expect(refusal(() => checkParameters({ k: 'v'.repeat(4001) }, 'parameters')).message).toBe(
      'Invalid parameters.k: must contain at most 4000 characters.',
    );
  });
});

describe('column types', () => {
  it.each(['int', 'INT', 'decimal(10,2)', 'decimal (10,2)', 'array<string>', `struct<${'a'.repeat(3992)}>`])(
    'accepts %#: %.20s',
    (type) => expect(checkColumnType(type, 'f')).toBe(type),
  );

  it.each(['1int', 'int foo', 'integer', `struct<${'a'.repeat(3994)}>`])(
    'refuses %s, listing the types',
    (type) => {
      const error = refusal(() => checkColumnType(type, 'f'));
      expect([error.code, error.message, error.details]).toEqual([
        'INVALID_COLUMN_TYPE',
        `column type input is wrong: f must be one of ${COLUMN_TYPES.join(', ')}.`,
        { field: 'f' },
      ]);
    },
  );
});

describe('storage descriptors: every rule names its field', () => {
  const sd = (overrides: Partial<StorageDescriptor>) => () =>
    checkStorageDescriptor(storage(overrides), 'sd');
  const long = 'x'.repeat(4001);

  it.each<[string, Partial<StorageDescriptor>]>([
    ['sd.columns[0].column_name', { columns: [{ name: 'bad name', type: 'int' }] }],
    ['sd.columns[0].column_type', { columns: [{ name: 'c', type: 'nope' }] }],
    ['sd.columns[0].comment', { columns: [{ name: 'c', type: 'int', comment: long }] }],
    ['sd.location', { location: long }],
    ['sd.input_format', { inputFormat: long }],
    ['sd.output_format', { outputFormat: long }],
    ['sd.number_of_buckets', { numberOfBuckets: -2 }],
    ['sd.number_of_buckets', { numberOfBuckets: 1.5 }],
    ['sd.bucket_columns[0]', { bucketColumns: ['bad name'] }],
    ['sd.sort_columns[0].column', { sortColumns: [{ column: 'bad name' }] }],
    ['sd.sort_columns[0].sort_order', { sortColumns: [{ column: 'c', order: 2 as 0 }] }],
    ['sd.serde_info.name', { serde: { name: long, parameters: {} } }],
    ['sd.serde_info.serialization_library', { serde: { serializationLibrary: long, parameters: {} } }],
    ['sd.serde_info.parameters key', { serde: { parameters: { '': 'v' } } }],
    ['sd.parameters key', { parameters: { '': 'v' } }],
    [
      'sd.skewed_info.skewed_column_names[0]',
      { skewedInfo: { columnNames: ['bad name'], columnValueLocationMaps: {}, columnValues: [] } },
    ],
    [
      'sd.skewed_info.skewed_column_value_location_maps key',
      { skewedInfo: { columnNames: [], columnValueLocationMaps: { '': 'v' }, columnValues: [] } },
    ],
  ])('%s', (field, overrides) => {
    expect(fieldOf(sd(overrides))).toBe(field);
  });

  it('says what the bucket count and sort order must be', () => {
    expect(refusal(sd({ numberOfBuckets: -2 })).message).toBe(
      'Invalid sd.number_of_buckets: must be a whole number of at least 0 (or -1: not bucketed).',
    );
    expect(refusal(sd({ sortColumns: [{ order: 2 as 0 }] })).message).toBe(
      'Invalid sd.sort_columns[0].sort_order: must be 1 (ascending) or 0 (descending).',
    );
  });

  it('accepts -1 buckets (Hive: not bucketed) and sort columns without a column or an order', () => {
    expect(() => sd({ numberOfBuckets: -1 })()).not.toThrow();
    expect(() => sd({ sortColumns: [{}, { column: 'c', order: 0 }, { order: 1 }] })()).not.toThrow();
  });

  it('names the partition fields', () => {
    const p = partition(['d1', 'eu']);
    expect(fieldOf(() => checkPartition({ ...p, createTime: 'x' }, 'p'))).toBe('p.create_time');
    expect(fieldOf(() => checkPartition({ ...p, lastAccessTime: 'x' }, 'p'))).toBe('p.last_access_time');
    expect(fieldOf(() => checkPartition({ ...p, parameters: { '': 'v' } }, 'p'))).toBe('p.parameters key');
    expect(fieldOf(() => checkPartition({ ...p, storage: storage({ location: long }) }, 'p'))).toBe(
      'p.storage_descriptor.location',
    );
  });
});

describe('timestamps', () => {
  it.each([
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000+00:00'],
    ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000+00:00'],
    ['2023-12-31T23:59:59Z', '2023-12-31T23:59:59.000+00:00'],
    // A leap year gives February 29 days, not every month.
    ['2024-01-31T00:00:00Z', '2024-01-31T00:00:00.000+00:00'],
    ['2023-06-01T00:00:00+23:59', '2023-05-31T00:01:00.000+00:00'],
  ])('reads %s as %s', (value, expected) => {
    expect(normaliseTimestamp(value, 't')).toBe(expected);
  });

  it.each([
    '2023-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2023-13-01T00:00:00Z',
    // Month 00 would otherwise read as December of the year before.
    '2023-00-10T00:00:00Z',
    '2023-01-00T00:00:00Z',
    '2023-01-01T24:00:00Z',
    '2023-01-01T00:60:00Z',
    '2023-01-01T00:00:60Z',
    '2023-01-01T00:00:00+24:00',
    '2023-01-01T00:00:00+00:60',
  ])('refuses %s', (value) => {
    expect(refusal(() => normaliseTimestamp(value, 'create_time')).message).toBe(
      'Invalid create_time: must be an ISO-8601 date-time such as 2023-05-26T08:03:42.267Z.',
    );
  });
});
