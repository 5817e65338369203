import type { Type } from '@nestjs/common';
import type { NativeErrorStatuses } from './http/native-exception.filter';

/**
 * What one library under libs/ adds to the engine, declared once in its index: its Nest module
 * and the native API status of each of its domain error codes (a `Record<ItsErrorCode, number>`,
 * so a new code without a status fails typecheck). A lifecycle family adds its event contract
 * on top (`EngineFamily` in libs/audit, beside `FamilyContract`, which the kernel cannot see).
 */
export interface EngineSlice {
  readonly module: Type<unknown>;
  readonly nativeErrorStatuses: NativeErrorStatuses;
}
