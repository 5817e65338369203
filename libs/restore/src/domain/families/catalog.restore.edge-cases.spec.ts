import { TableCommand } from '@engine/catalog/domain';
import { NOW, partition, table } from '../../../../catalog/test/catalog.fixtures';
import { planRestore } from '../restore.planner';
import { catalogRestore } from './catalog.restore';
import { history, memoryOf } from './restore.fixtures';

const create: TableCommand = { type: 'CreateTable', table: table(), now: NOW };
const batch = (...values: string[][]): TableCommand => ({
  type: 'BatchCreatePartitions',
  ifNotExist: false,
  partitions: values.map((v) => partition(v)),
});
const remove = (...values: string[][]): TableCommand => ({
  type: 'DeletePartitions',
  partitionValues: values,
});

describe('LakeFormation restore: edge cases', () => {
  it('names a partition by its values joined with "/", as the audit does', () => {
    const asOf = history(catalogRestore, [create]).state;
    const current = history(catalogRestore, [create, batch(['d1', 'eu'])]).state;
    const plan = planRestore(catalogRestore, { asOf, current, id: 't' });
    expect(plan.steps).toEqual([
      {
        command: { type: 'DeletePartitions', partitionValues: [['d1', 'eu']] },
        undoes: [{ kind: 'partition', subject: 'd1/eu', current: 'p-d1-eu' }],
      },
    ]);
  });

  it('remembers the partitions existing at the point, not the ones deleted before it', () => {
    const { events } = history(catalogRestore, [
      create,
      batch(['d1', 'eu'], ['d2', 'eu']),
      remove(['d1', 'eu']),
    ]);
    expect([...memoryOf(catalogRestore, events)!.keys()]).toEqual(['d2/eu']);
  });

  it('recreates nothing it has no record of (no memory given)', () => {
    const before = [create, batch(['d1', 'eu'])];
    const asOf = history(catalogRestore, before).state;
    const current = history(catalogRestore, [...before, remove(['d1', 'eu'])]).state;
    expect(planRestore(catalogRestore, { asOf, current, id: 't' }).steps).toEqual([]);
  });

  it('reports a table created after the point, unless the restore is limited to other subjects', () => {
    const current = history(catalogRestore, [create, batch(['d1', 'eu'])]).state;
    const asOf = history(catalogRestore, []).state;
    expect(planRestore(catalogRestore, { asOf, current, id: 't' }).notRestorable).toEqual([
      {
        kind: 'table',
        subject: '@table',
        current: 'tbl-1',
        reason: 'CREATED_AFTER_POINT',
        message:
          'The table was created after the point; a restore deletes its later partitions but not the table',
      },
    ]);
    const only = new Set(['d1/eu']);
    expect(planRestore(catalogRestore, { asOf, current, id: 't', only }).notRestorable).toEqual([]);
  });
});
