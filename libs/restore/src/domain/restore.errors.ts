import { DomainError } from '@engine/kernel/domain';

export type RestoreErrorCode = 'RESTORE_CONFLICT' | 'NOTHING_TO_RESTORE';

/** A restore refused by its own rules; the native error filter answers 409 with the code. */
export class RestoreError extends DomainError<RestoreErrorCode> {}
