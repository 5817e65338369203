import { TableCommand } from '@engine/catalog/domain';
import { NOW, partition, table } from '../../../../catalog/test/catalog.fixtures';
import { planRestore } from '../restore.planner';
import { catalogRestore } from './catalog.restore';
import { applyPlan, commandTypes, history, memoryOf, reasons } from './restore.fixtures';

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
const plan = (before: TableCommand[], since: TableCommand[]) => {
  const past = history(catalogRestore, before);
  const current = history(catalogRestore, [...before, ...since]).state;
  const memory = memoryOf(catalogRestore, past.events);
  return {
    current,
    asOf: past.state,
    plan: planRestore(catalogRestore, { asOf: past.state, current, id: 't', memory }),
  };
};

describe('LakeFormation restore', () => {
  it('given partitions deleted by mistake, then they are created again as recorded', () => {
    const {
      plan: p,
      current,
      asOf,
    } = plan([create, batch(['d1', 'eu'], ['d2', 'eu'])], [remove(['d1', 'eu'])]);
    expect(commandTypes(p)).toEqual(['BatchCreatePartitions']);
    expect(p.steps[0].command).toEqual({
      type: 'BatchCreatePartitions',
      ifNotExist: false,
      partitions: [
        expect.objectContaining({ partitionId: 'p-d1-eu', storage: partition(['d1', 'eu']).storage }),
      ],
    });
    expect(catalogRestore.subjects(applyPlan(catalogRestore, p, current))).toEqual(
      catalogRestore.subjects(asOf),
    );
  });

  it('given partitions created after the point, then they are deleted, 100 per command', () => {
    const many = Array.from({ length: 150 }, (_, i) => [`d${i}`, 'eu']);
    const { plan: p } = plan([create], [batch(...many.slice(0, 100)), batch(...many.slice(100))]);
    expect(commandTypes(p)).toEqual(['DeletePartitions', 'DeletePartitions']);
    expect(p.notRestorable).toEqual([]);
  });

  it('given a table created after the point, then its partitions are deleted but the table is kept and reported', () => {
    const { plan: p } = plan([], [create, batch(['d1', 'eu'])]);
    expect(commandTypes(p)).toEqual(['DeletePartitions']);
    expect(reasons(p)).toEqual([['@table', 'CREATED_AFTER_POINT']]);
  });
});
