import { RequestValidationError } from '@engine/kernel';
import { IsDefined, IsInt, IsString, Length, Max, Min, validateSync } from 'class-validator';
import type { Literal } from '../domain';

/** Size fields every part report carries. */
class PartSizeDto {
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  rows!: number;

  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  bytesOnDisk!: number;
}

/** `POST /engine/v1/mergetree/tables/{db}/{table}/parts`: a part written for a partition value. */
export class AddPartDto extends PartSizeDto {
  /** The partition value, or an array of values for a tuple key ([] for a table without key). */
  @IsDefined()
  partition!: unknown;
}

/** `POST /engine/v1/mergetree/tables/{db}/{table}/detached`: an executor found `broken_...` in detached. */
export class RegisterDetachedPartDto extends PartSizeDto {
  @IsString()
  @Length(1, 512)
  name!: string;
}

/** The body as the DTO, or RequestValidationError naming every bad or unknown field. */
export function validated<T extends object>(dto: new () => T, fields: readonly string[], body: unknown): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new RequestValidationError(['the body must be a JSON object']);
  const instance = Object.assign(new dto(), body);
  const problems = validateSync(instance).flatMap((e) => Object.values(e.constraints ?? {}));
  problems.push(
    ...Object.keys(body)
      .filter((k) => !fields.includes(k))
      .map((k) => `property ${k} should not exist`),
  );
  if (problems.length > 0) throw new RequestValidationError(problems);
  return instance;
}

/** JSON values to partition literals: numbers, strings, null; an array is a tuple. */
export function partitionValues(partition: unknown): Literal[] {
  const values = Array.isArray(partition) ? partition : [partition];
  return values.map((value, i): Literal => {
    if (value === null) return { kind: 'null' };
    if (typeof value === 'string') return { kind: 'string', value };
    if (typeof value === 'number' && Number.isFinite(value)) {
      return Number.isInteger(value) ? { kind: 'int', value: String(value) } : { kind: 'float', value };
    }
    throw new RequestValidationError([
      `partition${Array.isArray(partition) ? `[${i}]` : ''} must be a string, a number or null`,
    ]);
  });
}
