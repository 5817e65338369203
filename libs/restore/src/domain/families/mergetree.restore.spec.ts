import { MergeTreeCommand } from '@engine/mergetree/domain';
import { dateSpec, day, mt, NOW, str } from '@engine/mergetree/domain/mergetree.spec-fixtures';
import { planRestore } from '../restore.planner';
import { mergeTreeRestore } from './mergetree.restore';
import { applyPlan, commandTypes, history, reasons } from './restore.fixtures';

const create: MergeTreeCommand = {
  type: 'CreateTable',
  table: mt,
  now: NOW,
  definition: dateSpec,
  ifNotExists: false,
};
const add = (date: string, rows: number, now = NOW): MergeTreeCommand => ({
  type: 'AddPart',
  table: mt,
  now,
  values: [str(date)],
  rows,
  bytesOnDisk: rows * 10,
});
const detach: MergeTreeCommand = {
  type: 'DetachPartition',
  table: mt,
  now: NOW,
  partition: day('2020-11-21'),
};
const plan = (before: MergeTreeCommand[], since: MergeTreeCommand[]) => {
  const asOf = history(mergeTreeRestore, before).state;
  const current = history(mergeTreeRestore, [...before, ...since]).state;
  return { current, asOf, plan: planRestore(mergeTreeRestore, { asOf, current, id: 'db.mt', now: NOW }) };
};

describe('ClickHouse restore', () => {
  it('given a partition detached by mistake, then its parts are attached again (under new names)', () => {
    const { plan: p, current, asOf } = plan([create, add('2020-11-21', 10), add('2020-11-21', 20)], [detach]);
    expect(commandTypes(p)).toEqual(['AttachPart', 'AttachPart']);
    expect(p.notRestorable).toEqual([]);
    const restored = applyPlan(mergeTreeRestore, p, current);
    expect(mergeTreeRestore.subjects(restored)).toEqual(mergeTreeRestore.subjects(asOf));
  });

  it('given a part added after the point, then it is detached, not dropped', () => {
    const { plan: p } = plan(
      [create, add('2020-11-21', 10)],
      [add('2020-11-21', 5, '2026-01-03T00:00:00.000Z')],
    );
    expect(p.steps.map((s) => s.command)).toEqual([
      expect.objectContaining({ type: 'DetachPart', name: '20201121_2_2_0' }),
    ]);
  });

  it('given parts merged since the point, then the partition is reported as rewritten and left alone', () => {
    const merge: MergeTreeCommand = {
      type: 'MergeParts',
      table: mt,
      now: '2026-01-03T00:00:00.000Z',
      final: true,
    };
    const { plan: p } = plan([create, add('2020-11-21', 10), add('2020-11-21', 20)], [merge]);
    expect(p.steps).toEqual([]);
    expect(reasons(p)).toEqual([['20201121', 'PARTS_REWRITTEN']]);
  });

  it('given a partition dropped since the point, then its data is gone', () => {
    const drop: MergeTreeCommand = {
      type: 'DropPartition',
      table: mt,
      now: NOW,
      partition: day('2020-11-21'),
    };
    const { plan: p } = plan([create, add('2020-11-21', 10)], [drop]);
    expect(reasons(p)).toEqual([['20201121', 'PART_DATA_GONE']]);
  });
});
