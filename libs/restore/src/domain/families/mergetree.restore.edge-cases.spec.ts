import { MergeTreeCommand } from '@engine/mergetree/domain';
import { dateSpec, day, mt, NOW, str } from '@engine/mergetree/domain/mergetree.spec-fixtures';
import { planRestore } from '../restore.planner';
import { mergeTreeRestore } from './mergetree.restore';
import { history } from './restore.fixtures';

const LATER = '2026-01-03T00:00:00.000Z';
const create: MergeTreeCommand = {
  type: 'CreateTable',
  table: mt,
  now: NOW,
  definition: dateSpec,
  ifNotExists: false,
};
const add = (rows: number, now = NOW): MergeTreeCommand => ({
  type: 'AddPart',
  table: mt,
  now,
  values: [str('2020-11-21')],
  rows,
  bytesOnDisk: rows * 10,
});
const named = (type: 'DetachPart' | 'AttachPart' | 'DropPart', name: string): MergeTreeCommand => ({
  type,
  table: mt,
  now: LATER,
  name,
});
const plan = (before: MergeTreeCommand[], since: MergeTreeCommand[]) =>
  planRestore(mergeTreeRestore, {
    asOf: history(mergeTreeRestore, before).state,
    current: history(mergeTreeRestore, [...before, ...since]).state,
    id: 'db.mt',
    now: LATER,
  });

describe('ClickHouse restore: edge cases', () => {
  it('given a table created after the point, then it is kept and reported, and its parts detached', () => {
    const p = plan([], [create, add(10)]);
    expect(p.notRestorable).toEqual([
      {
        kind: 'table',
        subject: '@table',
        current: 'db.mt',
        reason: 'CREATED_AFTER_POINT',
        message: 'The table was created after the point; a restore detaches its parts but does not drop it',
      },
    ]);
    expect(p.steps).toEqual([
      {
        command: { type: 'DetachPart', table: mt, now: LATER, name: '20201121_1_1_0' },
        undoes: [expect.objectContaining({ kind: 'partition', subject: '20201121' })],
      },
    ]);
  });

  it('given a part detached and attached again (a new name, the same data), then nothing differs', () => {
    const p = plan(
      [create, add(10), add(20)],
      [named('DetachPart', '20201121_1_1_0'), named('AttachPart', '20201121_1_1_0')],
    );
    expect([p.steps, p.notRestorable, p.unchanged]).toEqual([[], [], 2]);
  });

  it('matches parts by their data: the detached one is attached, the newer one detached', () => {
    const p = plan([create, add(10)], [named('DetachPart', '20201121_1_1_0'), add(5, LATER)]);
    expect(p.steps).toEqual([
      {
        command: { type: 'DetachPart', table: mt, now: LATER, name: '20201121_2_2_0' },
        undoes: [expect.objectContaining({ subject: '20201121' })],
      },
      {
        command: { type: 'AttachPart', table: mt, now: LATER, name: '20201121_1_1_0' },
        undoes: [expect.objectContaining({ subject: '20201121' })],
      },
    ]);
  });

  it('given one part dropped beside a kept one, then its data is gone (the kept part does not contain it)', () => {
    const p = plan([create, add(10), add(20)], [named('DropPart', '20201121_1_1_0')]);
    expect(p.steps).toEqual([]);
    expect(p.notRestorable).toEqual([
      expect.objectContaining({
        subject: '20201121',
        reason: 'PART_DATA_GONE',
        message:
          'Parts 20201121_1_1_0 were dropped since the point and their data is gone; the partition is left as it is',
      }),
    ]);
  });

  it('given the later part dropped beside an earlier kept one, then its data is gone too', () => {
    const p = plan([create, add(10), add(20)], [named('DropPart', '20201121_2_2_0')]);
    expect(p.notRestorable.map((n) => n.reason)).toEqual(['PART_DATA_GONE']);
  });

  it('names every part of a dropped partition, and a detached partition has no current value', () => {
    const drop: MergeTreeCommand = {
      type: 'DropPartition',
      table: mt,
      now: LATER,
      partition: day('2020-11-21'),
    };
    const dropped = plan([create, add(10), add(20)], [drop]);
    expect(dropped.notRestorable.map((n) => n.message)).toEqual([
      'Parts 20201121_1_1_0, 20201121_2_2_0 were dropped since the point and their data is gone; the partition is left as it is',
    ]);
    const detach: MergeTreeCommand = {
      type: 'DetachPartition',
      table: mt,
      now: LATER,
      partition: day('2020-11-21'),
    };
    const detached = planRestore(mergeTreeRestore, {
      asOf: history(mergeTreeRestore, [create, add(10)]).state,
      current: history(mergeTreeRestore, [create, add(10), detach]).state,
      id: 'db.mt',
    });
    expect(detached.steps).toEqual([
      {
        command: { type: 'AttachPart', table: mt, now: '1970-01-01T00:00:00.000Z', name: '20201121_1_1_0' },
        undoes: [{ kind: 'partition', subject: '20201121', restoredTo: [expect.any(String)] }],
      },
    ]);
    expect(Object.keys(detached.steps[0].undoes[0])).not.toContain('current');
    expect(mergeTreeRestore.streamIdOf?.('db.mt')).toEqual(['db.mt']);
  });

  it('names every part merged into another since the point', () => {
    const merge: MergeTreeCommand = { type: 'MergeParts', table: mt, now: LATER, final: true };
    const p = plan([create, add(10), add(20)], [merge]);
    expect(p.notRestorable.map((n) => n.message)).toEqual([
      'Parts 20201121_1_1_0, 20201121_2_2_0 were merged or mutated into other parts since the point; the partition is left as it is',
    ]);
  });

  it('given the dropped part found again only as a broken detached directory, then it is not attached', () => {
    // ClickHouse refuses ATTACH of a prefixed directory (broken_..., ignored_...): only a plain
    // detached part can come back, so the data counts as gone.
    const broken: MergeTreeCommand = {
      type: 'RegisterDetachedPart',
      table: mt,
      now: NOW,
      name: 'broken_20201121_1_1_0',
      rows: 10,
      bytesOnDisk: 100,
    };
    const p = plan([create, add(10)], [named('DropPart', '20201121_1_1_0'), broken]);
    expect(p.steps).toEqual([]);
    expect(p.notRestorable.map((n) => [n.subject, n.reason])).toEqual([['20201121', 'PART_DATA_GONE']]);
  });
});
