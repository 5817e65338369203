import { inStream, ProjectionSpecification } from '@engine/testing';
import type { MergeTreeEvent } from '../domain';
import { other, part } from '../domain/mergetree.spec-fixtures';
import { movesProjection } from './moves.projection';

const spec = ProjectionSpecification.for(movesProjection, { stream: 'mergetree-acme/db.mt' });
const pending =
  'SELECT tenant, database, table_name, move_id, correlation_id, event_id FROM pending_moves ORDER BY tenant, move_id';

const started = (moveId: string): MergeTreeEvent => ({
  type: 'PartitionMoveStarted',
  data: { moveId, destination: other, partitionId: '20201121', parts: [part('2020-11-21', 1)] },
});
const completed = (moveId: string): MergeTreeEvent => ({ type: 'PartitionMoveCompleted', data: { moveId } });
const aborted = (moveId: string): MergeTreeEvent => ({
  type: 'PartitionMoveAborted',
  data: { moveId, reason: 'destination gone', parts: [] },
});
const row = (moveId: string, position: number, tenant = 'acme') => ({
  tenant,
  database: 'db',
  table_name: 'mt',
  move_id: moveId,
  correlation_id: `correlation-${position}`,
  event_id: `event-${position}`,
});

describe('mergetree-pending-moves projection', () => {
  it('a started move is pending with the event and correlation that started it', () => {
    spec.given([started('m1'), started('m2')]).then(pending, [row('m1', 1), row('m2', 2)]);
  });

  it('completing or aborting a move closes it', () => {
    spec
      .given([started('m1'), started('m2')])
      .when([completed('m1'), aborted('m2')])
      .then(pending, []);
    spec.given([started('m1'), started('m2'), aborted('m1')]).then(pending, [row('m2', 2)]);
  });

  it('keeps tenants and tables apart: closing a move id closes it on its own table only', () => {
    spec
      .given([
        started('m1'),
        inStream('mergetree-globex/db.mt', started('m1')),
        inStream('mergetree-acme/db.other', started('m1')),
      ])
      .when([completed('m1')])
      .then(pending, [{ ...row('m1', 3), table_name: 'other' }, row('m1', 2, 'globex')]);
  });

  it('a retried batch keeps the first event of a move', () => {
    spec
      .given([started('m1')])
      .whenRetried([started('m1')])
      .then(pending, [row('m1', 1)]);
  });
});
