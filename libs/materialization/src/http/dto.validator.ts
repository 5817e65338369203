import { RequestValidationError } from '@engine/kernel';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { MAX_RANGES } from './time-range-item.dto';

/** Validates a plain JSON value into a DTO, or throws RequestValidationError naming each field. */
export function validateDto<T extends object>(type: ClassConstructor<T>, plain: unknown): T {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    throw new RequestValidationError(['the body must be a JSON object']);
  }
  // Bound the per-item work before class-transformer builds an instance per item (the body
  // parser already caps any array at 10,000 items; every list here holds at most MAX_RANGES).
  const tooLong = Object.entries(plain).filter(([, v]) => Array.isArray(v) && v.length > MAX_RANGES);
  if (tooLong.length > 0) {
    throw new RequestValidationError(
      tooLong.map(([key]) => `${key} must contain no more than ${MAX_RANGES} elements`),
    );
  }
  const dto = plainToInstance(type, plain);
  const errors = validateSync(dto, { forbidUnknownValues: true });
  if (errors.length > 0) throw new RequestValidationError(errors.flatMap((e) => messagesOf(e, '')));
  return dto;
}

function messagesOf(error: ValidationError, parent: string): string[] {
  const path = parent ? `${parent}.${error.property}` : error.property;
  const own = Object.values(error.constraints ?? {}).map((m) => m.replace(error.property, path));
  return [...own, ...(error.children ?? []).flatMap((child) => messagesOf(child, path))];
}
