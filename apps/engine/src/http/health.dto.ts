import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class LivenessDto {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';
  @ApiProperty({ description: 'Seconds since the process started' })
  uptimeSeconds!: number;
}

export class StoreProbeDto {
  @ApiProperty({ example: 'sqlite' })
  adapter!: string;
  @ApiProperty()
  reachable!: boolean;
  @ApiPropertyOptional({ description: 'Why the store is unreachable (timeout or connection error)' })
  error?: string;
}

export class ReadinessProjectionsDto {
  @ApiProperty({ description: 'Every live projection has processed the head the store had at start' })
  caughtUpToStartHead!: boolean;
  @ApiPropertyOptional({ description: 'Global position of the store head at start (decimal string)' })
  startHead?: string;
  @ApiProperty({ type: [String], description: 'Projections stopped on an error' })
  failed!: string[];
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ready', 'not-ready'] })
  status!: 'ready' | 'not-ready';
  @ApiProperty({ type: StoreProbeDto })
  store!: StoreProbeDto;
  @ApiProperty({ type: ReadinessProjectionsDto })
  projections!: ReadinessProjectionsDto;
}

export class HealthProjectionDto {
  @ApiProperty()
  name!: string;
  @ApiProperty({ enum: ['starting', 'catching-up', 'running', 'rebuilding', 'stopped', 'failed'] })
  state!: string;
  @ApiProperty({ description: 'Positions behind the store head (decimal string)' })
  lag!: string;
  @ApiPropertyOptional()
  lastError?: string;
}

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded'] })
  status!: 'ok' | 'degraded';
  @ApiProperty({ type: StoreProbeDto })
  store!: StoreProbeDto;
  @ApiProperty({ type: [HealthProjectionDto] })
  projections!: HealthProjectionDto[];
}
