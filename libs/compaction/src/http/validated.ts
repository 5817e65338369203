import { RequestValidationError } from '@engine/kernel';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

function messages(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = `${prefix}${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      message.replace(error.property, path),
    );
    return [...own, ...messages(error.children ?? [], `${path}.`)];
  });
}

/** The body as a validated DTO, or RequestValidationError naming every bad field (unknown ones too). */
export function validated<T extends object>(type: new () => T, body: unknown, optional = false): T {
  if (body === undefined && optional) return new type();
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RequestValidationError(['the body must be a JSON object']);
  }
  const instance = plainToInstance(type, body);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw new RequestValidationError(messages(errors));
  return instance;
}

/** Plain digits up to 2^53-1 (so ids stay exact as JSON numbers); undefined otherwise. */
export function parseId(value: string): number | undefined {
  const parsed = Number(value);
  return /^\d+$/.test(value) && Number.isSafeInteger(parsed) ? parsed : undefined;
}

/** A numeric path parameter such as a tablet id. */
export function idParam(name: string, value: string): number {
  const parsed = parseId(value);
  if (parsed === undefined) throw new RequestValidationError([`${name} must be a non-negative integer`]);
  return parsed;
}
