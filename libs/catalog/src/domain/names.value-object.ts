import { invalidParameter } from './catalog.errors';

/** A name rule from the LakeFormation API reference: a length range and an allowed alphabet. */
export class NameRule {
  constructor(
    readonly what: string,
    readonly max: number,
    private readonly alphabet: RegExp,
    private readonly alphabetText: string,
  ) {}

  /** Returns the name unchanged, or throws INVALID_PARAMETER naming `field`. */
  check(value: string, field: string = this.what): string {
    if (value.length < 1 || value.length > this.max || !this.alphabet.test(value)) {
      throw invalidParameter(field, `must contain 1 to ${this.max} characters, only ${this.alphabetText}`);
    }
    return value;
  }
}

export const CatalogName = new NameRule(
  'catalog_name',
  256,
  /^[A-Za-z0-9_]+$/,
  'letters, digits and underscores (_)',
);
export const DatabaseName = new NameRule(
  'database_name',
  128,
  /^[A-Za-z0-9_-]+$/,
  'letters, digits, hyphens (-) and underscores (_)',
);
export const TableName = new NameRule(
  'table_name',
  256,
  /^[A-Za-z0-9_-]+$/,
  'letters, digits, hyphens (-) and underscores (_)',
);
export const ColumnName = new NameRule(
  'column_name',
  767,
  /^[A-Za-z0-9_\-+*(),]+$/,
  'letters, digits and _-+*(),',
);

/** Length in characters (code points); UTF-16 length is an upper bound, so counting is rarely needed. */
function fitsIn(value: string, max: number): boolean {
  return value.length <= max || [...value].length <= max;
}

/** Length bound for free text (comments, descriptions, locations, class names). */
export function checkText(value: string | undefined, field: string, max = 4000): string | undefined {
  if (value !== undefined && !fitsIn(value, max)) {
    throw invalidParameter(field, `must contain at most ${max} characters`);
  }
  return value;
}

/** Map<String,String> parameters: key 1 to 255 characters, value at most 4000. */
export function checkParameters(
  parameters: Readonly<Record<string, string>>,
  field: string,
): Readonly<Record<string, string>> {
  for (const key in parameters) {
    if (key.length === 0 || !fitsIn(key, 255))
      throw invalidParameter(`${field} key`, 'must contain 1 to 255 characters');
    const value = parameters[key]!;
    if (!fitsIn(value, 4000))
      throw invalidParameter(`${field}.${key}`, 'must contain at most 4000 characters');
  }
  return parameters;
}

/** LakeFormation instance ids are generated UUIDs; accept any id-like token (choice). */
export const InstanceId = new NameRule(
  'instance_id',
  64,
  /^[A-Za-z0-9_-]+$/,
  'letters, digits, hyphens (-) and underscores (_)',
);
