import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { GRANULARITIES } from '../domain';

/** One `timeRange` item in CAN's shape; the domain checks the values (granularity, times, order). */
export class TimeRangeItemDto {
  @ApiProperty({ enum: GRANULARITIES, example: 'DAY' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(16)
  dateGranularity!: string;

  @ApiProperty({ example: '2025-10-20T00:00:00', description: 'ISO-8601; without a zone it is read as UTC' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  startTime!: string;

  @ApiProperty({ example: '2025-10-21T00:00:00', description: 'inclusive at the granularity' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  endTime!: string;
}

/** Bounds a request body; the partition count is bounded separately by the domain. */
export const MAX_RANGES = 1000;

/** Decorators for a list of time ranges (optional: absent means none). */
export function TimeRangeList(): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    IsArray()(target, key);
    ArrayMaxSize(MAX_RANGES)(target, key);
    ValidateNested({ each: true })(target, key);
    Type(() => TimeRangeItemDto)(target, key);
    ApiProperty({ type: [TimeRangeItemDto], required: false })(target, key);
  };
}
