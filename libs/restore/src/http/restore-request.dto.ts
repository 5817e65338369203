import { parsePointInTime, PointInTimeQuery } from '@engine/audit';
import { RequestValidationError } from '@engine/kernel';
import { ApiProperty } from '@nestjs/swagger';

const MAX_SUBJECTS = 100_000;

/** Body of `restore-plan`: the point to go back to and, optionally, the subjects to restore. */
export class RestorePlanRequestDto {
  @ApiProperty({
    required: false,
    example: '2026-11-30T14:01:00Z',
    description: 'ISO-8601 time with a zone: the state from the events recorded at or before it',
  })
  asOf?: string;

  @ApiProperty({
    required: false,
    example: '1042',
    description: 'global position: the state from the events at or before it (both given: the earlier wins)',
  })
  atPosition?: string;

  @ApiProperty({
    required: false,
    type: [String],
    description: 'only these subjects (segment IDs, part names, partition keys...); default all',
  })
  subjects?: string[];
}

/** Body of `restore`: the same as the plan's, plus the revision the plan was computed at. */
export class RestoreRequestDto extends RestorePlanRequestDto {
  @ApiProperty({
    example: '17',
    description: "the plan's `revision`: the restore is refused (409) if the aggregate changed since",
  })
  expectedRevision!: string;
}

export interface ParsedRestoreBody {
  point: PointInTimeQuery;
  subjects?: string[];
  expectedRevision?: bigint;
}

/** Validates a restore body; a RequestValidationError (400) names every problem. */
export function parseRestoreBody(body: unknown, needsRevision: boolean): ParsedRestoreBody {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new RequestValidationError(['the body must be a JSON object']);
  const raw = body as Record<string, unknown>;
  const problems: string[] = [];
  const allowed = new Set(['asOf', 'atPosition', 'subjects', ...(needsRevision ? ['expectedRevision'] : [])]);
  for (const key of Object.keys(raw)) if (!allowed.has(key)) problems.push(`unknown property ${key}`);
  const asText = (value: unknown) => (typeof value === 'number' ? String(value) : value);
  let point: PointInTimeQuery | undefined;
  try {
    point = parsePointInTime({ asOf: raw.asOf, atPosition: asText(raw.atPosition) });
    if (!point) problems.push('asOf or atPosition is required');
  } catch (error) {
    if (!(error instanceof RequestValidationError)) throw error;
    problems.push(...error.messages);
  }
  let subjects: string[] | undefined;
  if (raw.subjects !== undefined) {
    if (
      !Array.isArray(raw.subjects) ||
      raw.subjects.length === 0 ||
      raw.subjects.length > MAX_SUBJECTS ||
      !raw.subjects.every((s) => typeof s === 'string' && s.length > 0 && s.length <= 4096)
    )
      problems.push(`subjects must be a non-empty array of at most ${MAX_SUBJECTS} non-empty strings`);
    else subjects = [...new Set(raw.subjects as string[])];
  }
  let expectedRevision: bigint | undefined;
  if (needsRevision) {
    const text = asText(raw.expectedRevision);
    if (typeof text !== 'string' || !/^(-1|\d{1,19})$/.test(text))
      problems.push('expectedRevision is required: the `revision` of the plan being applied');
    else expectedRevision = BigInt(text);
  }
  if (problems.length > 0 || !point) throw new RequestValidationError(problems);
  return {
    point,
    ...(subjects ? { subjects } : {}),
    ...(expectedRevision !== undefined ? { expectedRevision } : {}),
  };
}
