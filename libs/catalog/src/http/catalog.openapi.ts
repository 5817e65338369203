import {
  apiArray,
  apiBoolean,
  apiInteger,
  apiNullable,
  apiObject,
  ApiSchema,
  apiString,
} from '@engine/kernel';

/** OpenAPI schemas of the LakeFormation routes (the reference's field names, snake_case). */

const stringMap: ApiSchema = { type: 'object', additionalProperties: { type: 'string' } };
const lfTime = apiString('instant as `2023-05-30T09:06:41.372+00:00`');

const COLUMN = apiObject({ column_name: apiString(), column_type: apiString(), comment: apiString() }, [
  'comment',
]);

const STORAGE_DESCRIPTOR = apiObject(
  {
    columns: apiArray(COLUMN),
    location: apiString(),
    compressed: apiBoolean,
    input_format: apiString(),
    output_format: apiString(),
    number_of_buckets: apiInteger(),
    bucket_columns: apiArray(apiString()),
    sort_columns: apiArray(
      apiObject({ column: apiString(), sort_order: apiInteger() }, ['column', 'sort_order']),
    ),
    serde_info: apiObject({ name: apiString(), serialization_library: apiString(), parameters: stringMap }, [
      'name',
      'serialization_library',
      'parameters',
    ]),
    parameters: stringMap,
    skewed_info: apiObject({
      skewed_column_names: apiArray(apiString()),
      skewed_column_value_location_maps: stringMap,
      skewed_column_values: apiArray(apiArray(apiString())),
    }),
    stored_as_sub_directories: apiBoolean,
  },
  // On input only columns, compressed and serde_info are mandatory; output always has every field.
  [
    'location',
    'input_format',
    'output_format',
    'number_of_buckets',
    'bucket_columns',
    'sort_columns',
    'parameters',
    'skewed_info',
    'stored_as_sub_directories',
  ],
);

const TABLE_IDENTITY = {
  catalog_name: apiString(),
  catalog_id: apiString(),
  database_name: apiString(),
  database_id: apiString(),
  table_name: apiString(),
  table_id: apiString(),
};

export const CREATE_CATALOG = apiObject({ catalog_name: apiString(), description: apiString() }, [
  'description',
]);
// description is left out when the catalog was created without one (catalogDto).
export const CATALOG = apiObject(
  {
    catalog_id: apiString(),
    catalog_name: apiString(),
    description: apiString(),
    create_time: lfTime,
  },
  ['description'],
);

export const CREATE_DATABASE = apiObject(
  { database_name: apiString(), description: apiString(), location: apiString() },
  ['description', 'location'],
);
export const DATABASE = apiObject(
  {
    catalog_id: apiString(),
    catalog_name: apiString(),
    database_id: apiString(),
    database_name: apiString(),
    description: apiString(),
    location: apiString(),
    create_time: lfTime,
  },
  ['description', 'location'],
);

export const CREATE_TABLE = apiObject(
  {
    table_name: apiString(),
    table_type: apiString('default EXTERNAL_TABLE'),
    partition_keys: apiArray(COLUMN),
    storage_descriptor: STORAGE_DESCRIPTOR,
    description: apiString(),
  },
  ['table_type', 'partition_keys', 'storage_descriptor', 'description'],
);
export const TABLE = apiObject(
  {
    ...TABLE_IDENTITY,
    table_type: apiString(),
    partition_keys: apiArray(COLUMN),
    storage_descriptor: STORAGE_DESCRIPTOR,
    description: apiString(),
    create_time: lfTime,
  },
  ['description'],
);

const PARTITION_INPUT = apiObject({
  partition_values: apiArray(apiString()),
  create_time: apiString(),
  last_access_time: apiString(),
  parameters: stringMap,
  storage_descriptor: STORAGE_DESCRIPTOR,
});
export const BATCH_CREATE = apiObject({ if_not_exist: apiBoolean, partitions: apiArray(PARTITION_INPUT) });
export const PARTITION = apiObject({
  ...TABLE_IDENTITY,
  partition_id: apiString(),
  partition_values: apiArray(apiString()),
  create_time: apiString(),
  last_access_time: apiString(),
  parameters: stringMap,
  storage_descriptor: STORAGE_DESCRIPTOR,
});
export const BATCH_DELETE = apiObject({ partition_values_list: apiArray(apiArray(apiString())) });
export const PARTITION_REF = apiObject({
  ...TABLE_IDENTITY,
  partition_id: apiString(),
  partition_values: apiArray(apiString()),
});
const PAGE_INFO = apiObject({ next_marker: apiNullable(apiString()), current_count: apiInteger() });
export const PARTITION_PAGE = apiObject({ partitions: apiArray(PARTITION), page_info: PAGE_INFO });
export const DATABASE_PAGE = apiObject({ databases: apiArray(DATABASE), page_info: PAGE_INFO });
export const TABLE_PAGE = apiObject({ tables: apiArray(TABLE), page_info: PAGE_INFO });

export const LIMIT_QUERY = { name: 'limit', required: false, description: '1 to 1000, default 100' };
export const MARKER_QUERY = {
  name: 'marker',
  required: false,
  description: 'next_marker of the previous page',
};

export const PROJECT_PARAM = { name: 'project_id', description: 'project ID (bound to the key tenant)' };
export const INSTANCE_PARAM = { name: 'instance_id', description: 'LakeFormation instance ID' };
export const CATALOG_PARAM = { name: 'catalog_name' };
export const DATABASE_PARAM = { name: 'database_name' };
export const TABLE_PARAM = { name: 'table_name' };
