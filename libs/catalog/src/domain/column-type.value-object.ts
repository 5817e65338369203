import { CatalogError } from './catalog.errors';

/** The column types the LakeFormation reference lists. */
export const COLUMN_TYPES = [
  'array',
  'bigint',
  'binary',
  'boolean',
  'char',
  'date',
  'decimal',
  'double',
  'float',
  'int',
  'interval',
  'map',
  'set',
  'smallint',
  'string',
  'struct',
  'timestamp',
  'tinyint',
  'union',
  'varchar',
] as const;

const BASE_TYPES: ReadonlySet<string> = new Set(COLUMN_TYPES);

/**
 * A Hive type string. The base type must be one of the listed ones (case-insensitive); a
 * parameter list is allowed after it (`decimal(10,2)`, `array<string>`) and kept verbatim,
 * because Hive clients send them so (choice: the arguments themselves are not parsed).
 */
export function checkColumnType(value: string, field: string): string {
  const match = /^([A-Za-z]+)\s*(\(.*\)|<.*>)?$/s.exec(value);
  if (!match || !BASE_TYPES.has(match[1]!.toLowerCase()) || value.length > 4000) {
    // Its own code, not the generic one (BEHAVIOUR.md §6: "column type input is wrong").
    throw new CatalogError(
      'INVALID_COLUMN_TYPE',
      `column type input is wrong: ${field} must be one of ${COLUMN_TYPES.join(', ')}.`,
      { field },
    );
  }
  return value;
}
