import { validateSync } from 'class-validator';

/** Validates a JSON body against a class-validator DTO; returns the DTO or the problems found. */
export function validateBody<T extends object>(dto: new () => T, body: unknown): T | string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return ['the body must be a JSON object'];
  // A shallow copy onto the DTO class: our DTOs are flat, and a deep transform of a large body is slow.
  const instance = Object.assign(new dto(), body);
  const errors = validateSync(instance, { forbidUnknownValues: false });
  if (errors.length === 0) return instance;
  return errors.flatMap(function messages(e): string[] {
    return [...Object.values(e.constraints ?? {}), ...(e.children ?? []).flatMap(messages)];
  });
}
