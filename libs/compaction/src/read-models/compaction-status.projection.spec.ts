import { inStream, ProjectionSpecification } from '@engine/testing';
import type { Rowset, TabletEvent } from '../domain';
import { LATER, NOW, registeredEvent, rowsetsOf, tabletId, triggeredEvent } from '../domain/tablet.fixtures';
import { compactionStatusProjection } from './compaction-status.projection';

const STREAM = `tablet-acme/${tabletId}`;
const spec = ProjectionSpecification.for(compactionStatusProjection, {
  stream: STREAM,
  metadata: { source: 'doris' },
});
const tablet = `SELECT tenant, tablet_id, table_id, cumulative_point, rowsets, running_id, running_type, triggered_at,
  started_at, last_cumulative_success, last_base_failure FROM tablets ORDER BY tenant`;
const compactions = `SELECT tenant, compaction_id, seq, compaction_type, status, input_rowset_ids, output,
  cumulative_point_after, reason, started_at, finished_at, source FROM compactions ORDER BY tenant, seq`;
const applied = 'SELECT position FROM applied';

const [r1, r2, r3] = rowsetsOf([0, 1], [2, 2], [3, 3]);
const added = (rowset: Rowset): TabletEvent => ({
  type: 'RowsetAdded',
  data: { tabletId, rowset, addedAt: NOW },
});
const started = (compactionId = 'c1'): TabletEvent => ({
  type: 'CompactionStarted',
  data: { tabletId, compactionId, compactionType: 'cumulative', startedAt: LATER },
});
const merged: Rowset = { rowsetId: 'merged', startVersion: 2, endVersion: 3, size: 2000, segments: 1 };
const completed: TabletEvent = {
  type: 'CompactionCompleted',
  data: {
    tabletId,
    compactionId: 'c1',
    compactionType: 'cumulative',
    inputRowsetIds: [r2.rowsetId, r3.rowsetId],
    output: merged,
    cumulativePoint: 4,
    completedAt: LATER,
  },
};
const timedOut: TabletEvent = {
  type: 'CompactionFailed',
  data: {
    tabletId,
    compactionId: 'c1',
    compactionType: 'base',
    reason: 'no progress',
    timedOut: true,
    failedAt: LATER,
  },
};
const tabletRow = (extra: Record<string, unknown> = {}) => ({
  tenant: 'acme',
  tablet_id: tabletId,
  table_id: 7,
  cumulative_point: 2,
  rowsets: JSON.stringify([r1, r2, r3]),
  running_id: null,
  running_type: null,
  triggered_at: null,
  started_at: null,
  last_cumulative_success: null,
  last_base_failure: null,
  ...extra,
});
const compactionRow = (extra: Record<string, unknown> = {}) => ({
  tenant: 'acme',
  compaction_id: 'c1',
  seq: 0,
  compaction_type: 'cumulative',
  status: 'triggered',
  input_rowset_ids: JSON.stringify([r2.rowsetId, r3.rowsetId]),
  output: null,
  cumulative_point_after: null,
  reason: null,
  started_at: null,
  finished_at: null,
  source: 'doris',
  ...extra,
});
const history = [registeredEvent(2, [0, 1]), added(r2), added(r3)];

describe('compaction-status projection', () => {
  it('a registered tablet gains rowsets in version order, the same whether batched together or apart', () => {
    spec.given(history).then(tablet, [tabletRow()]);
    spec.given([history[0]]).when([history[1]]).when([history[2]]).then(tablet, [tabletRow()]);
  });

  it('records the position of the last event applied, which the executor resumes from', () => {
    spec.given(history).then(applied, [{ position: '3' }]);
    spec
      .given(history)
      .when([])
      .then(applied, [{ position: '3' }]);
  });

  it('a triggered compaction runs on the tablet and is listed with its source API', () => {
    const trigger = triggeredEvent('cumulative', [r2.rowsetId, r3.rowsetId]);
    const view = spec.given([...history, trigger, started()]).view();
    expect(view.rows(tablet)).toEqual([
      tabletRow({ running_id: 'c1', running_type: 'cumulative', triggered_at: NOW, started_at: LATER }),
    ]);
    expect(view.rows(compactions)).toEqual([compactionRow({ status: 'running', started_at: LATER })]);
  });

  it('a completed compaction replaces its inputs by its output and moves the cumulative point', () => {
    const trigger = triggeredEvent('cumulative', [r2.rowsetId, r3.rowsetId]);
    const view = spec.given(history).when([trigger, started(), completed]).view();
    expect(view.rows(tablet)).toEqual([
      tabletRow({
        cumulative_point: 4,
        rowsets: JSON.stringify([r1, merged]),
        last_cumulative_success: LATER,
      }),
    ]);
    expect(view.rows(compactions)).toEqual([
      compactionRow({
        status: 'completed',
        output: JSON.stringify(merged),
        cumulative_point_after: 4,
        started_at: LATER,
        finished_at: LATER,
      }),
    ]);
  });

  it('a timed-out compaction frees the tablet and records the failure by type', () => {
    const trigger = triggeredEvent('base', [r1.rowsetId, r2.rowsetId]);
    const view = spec.given([...history, trigger, timedOut]).view();
    expect(view.rows(tablet)).toEqual([tabletRow({ last_base_failure: LATER })]);
    expect(view.rows(compactions)).toEqual([
      compactionRow({
        compaction_type: 'base',
        status: 'timed_out',
        input_rowset_ids: JSON.stringify([r1.rowsetId, r2.rowsetId]),
        reason: 'no progress',
        finished_at: LATER,
      }),
    ]);
  });

  it('numbers compactions per tablet and keeps tenants apart', () => {
    const globex = (e: TabletEvent) => inStream(`tablet-globex/${tabletId}`, e);
    spec
      .given([
        ...history,
        globex(history[0]),
        triggeredEvent('cumulative', [r2.rowsetId, r3.rowsetId]),
        globex(triggeredEvent('cumulative', [r2.rowsetId, r3.rowsetId], 'g1')),
        triggeredEvent('base', [r1.rowsetId], 'c2'),
      ])
      .then(
        'SELECT tenant, compaction_id, seq, rowsets FROM compactions JOIN tablets USING (tenant, tablet_id) ORDER BY tenant, seq',
        [
          { tenant: 'acme', compaction_id: 'c1', seq: 0, rowsets: JSON.stringify([r1, r2, r3]) },
          { tenant: 'acme', compaction_id: 'c2', seq: 1, rowsets: JSON.stringify([r1, r2, r3]) },
          { tenant: 'globex', compaction_id: 'g1', seq: 0, rowsets: JSON.stringify(rowsetsOf([0, 1])) },
        ],
      );
  });

  it('a retried batch adds each rowset once (the per-batch buffer starts empty again)', () => {
    spec
      .given([history[0]])
      .whenRetried([added(r2), added(r3)])
      .then(tablet, [tabletRow()]);
  });
});
