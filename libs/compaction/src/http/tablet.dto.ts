import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { COMPACTION_TYPES, type CompactionType } from '../domain';

const MAX_ID = Number.MAX_SAFE_INTEGER;

export class RowsetDto {
  @IsInt() @Min(0) @Max(MAX_ID) start_version!: number;
  @IsInt() @Min(0) @Max(MAX_ID) end_version!: number;
  @IsInt() @Min(0) @Max(MAX_ID) size!: number;
  @IsInt() @Min(0) @Max(1_000_000) segments!: number;
}

/** `POST /engine/v1/tablets`. At most 1,000 rowsets per registration (an API bound, not a store limit). */
export class RegisterTabletDto {
  @IsInt() @Min(0) @Max(MAX_ID) tablet_id!: number;
  @IsInt() @Min(0) @Max(MAX_ID) table_id!: number;
  @IsInt() @Min(-2147483648) @Max(4294967295) schema_hash!: number;
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => RowsetDto)
  rowsets!: RowsetDto[];
  @IsOptional() @IsInt() @Min(0) @Max(MAX_ID) cumulative_point?: number;
}

/** `POST /engine/v1/tablets/{id}/rowsets`: a load. */
export class AddRowsetDto {
  @IsInt() @Min(0) @Max(MAX_ID) size!: number;
  @IsInt() @Min(0) @Max(1_000_000) segments!: number;
}

export class TriggerCompactionDto {
  @IsIn(COMPACTION_TYPES) compaction_type!: CompactionType;
}

/** What an external executor wrote; omitted, the engine derives it from the inputs. */
export class CompleteCompactionDto {
  @IsOptional() @IsInt() @Min(0) @Max(MAX_ID) size?: number;
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000) segments?: number;
}

export class FailCompactionDto {
  @IsString() @Length(1, 2000) reason!: string;
}
