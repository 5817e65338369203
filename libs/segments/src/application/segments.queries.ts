import { Query } from '@nestjs/cqrs';
import { Interval } from '../domain';
import { SegmentRow, SegmentState } from '../read-models';

export class ListDatasourcesQuery extends Query<string[]> {
  constructor(
    readonly tenant: string,
    readonly includeUnused: boolean,
  ) {
    super();
  }
}

export class ListSegmentsQuery extends Query<SegmentRow[]> {
  constructor(
    readonly tenant: string,
    readonly datasource: string,
    readonly states: readonly SegmentState[],
    readonly interval?: Interval,
  ) {
    super();
  }
}

export class GetSegmentQuery extends Query<SegmentRow | undefined> {
  constructor(
    readonly tenant: string,
    readonly datasource: string,
    readonly segmentId: string,
    readonly states: readonly SegmentState[],
  ) {
    super();
  }
}
