import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { GRANULARITIES, Granularity, REFRESH_TYPES, RefreshType } from '../domain';
import { TimeRangeItemDto, TimeRangeList } from './time-range-item.dto';

const UUID_FIELD = {
  description: 'Materialization plan unique ID',
  example: '3f0c9a52-6d1e-4c7b-9a43-0d7f1a2b5e10',
};

/** clearPartition (CAN) and the native clear: `uuid` may also come from the query string or path. */
export class ClearPartitionRequestDto {
  @ApiProperty({ ...UUID_FIELD, required: false })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  uuid?: string;

  @TimeRangeList()
  timeRange?: TimeRangeItemDto[];
}

/** updatePartition (CAN) and the native backfill report. */
export class UpdatePartitionRequestDto {
  @ApiProperty({ ...UUID_FIELD, required: false })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  uuid?: string;

  @ApiProperty({ required: false, example: 'MANUAL', description: 'How the backfill ran; default MANUAL' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z][A-Z_]{0,31}$/, { message: 'runType must be an upper-case word such as MANUAL' })
  runType?: string;

  @TimeRangeList()
  successTimeRange?: TimeRangeItemDto[];

  @TimeRangeList()
  failedTimeRange?: TimeRangeItemDto[];
}

export class CreatePlanRequestDto {
  @ApiProperty({ example: 'orders by day' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  name!: string;

  @ApiProperty({ enum: REFRESH_TYPES })
  @IsIn(REFRESH_TYPES)
  refreshType!: RefreshType;

  @ApiProperty({ enum: GRANULARITIES })
  @IsIn(GRANULARITIES)
  granularity!: Granularity;

  @ApiProperty({
    ...UUID_FIELD,
    required: false,
    description: 'Keep an existing CAN plan uuid; generated when absent',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  uuid?: string;
}
