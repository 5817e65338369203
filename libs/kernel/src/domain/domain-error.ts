/**
 * A rule of the domain refused a command. `code` is the family's own stable identifier
 * (e.g. 'NO_SUCH_DATA_PART'); the family's http layer maps it to its dialect's status and body.
 */
export class DomainError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
