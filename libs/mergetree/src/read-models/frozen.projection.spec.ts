import { inStream, ProjectionSpecification } from '@engine/testing';
import type { MergeTreeEvent } from '../domain';
import { NOW } from '../domain/mergetree.spec-fixtures';
import { frozenProjection } from './frozen.projection';

const spec = ProjectionSpecification.for(frozenProjection, { stream: 'mergetree-acme/db.mt' });
const backups =
  'SELECT tenant, table_name, backup, increment, partition_id, frozen_at FROM backups ORDER BY tenant, backup';
const parts = 'SELECT tenant, backup, name FROM backup_parts ORDER BY tenant, backup, name';

const frozen = (
  backupName: string,
  partNames: string[],
  partitionId: string | null = null,
): MergeTreeEvent => ({
  type: 'PartitionFrozen',
  data: { backupName, increment: Number(backupName) || 7, partitionId, partNames, frozenAt: NOW },
});
const unfrozen = (
  backupName: string,
  partNames: string[],
  partitionId: string | null = null,
): MergeTreeEvent => ({
  type: 'PartitionUnfrozen',
  data: { backupName, partitionId, partNames },
});
const backup = (name: string, partitionId: string | null = null, tenant = 'acme') => ({
  tenant,
  table_name: 'mt',
  backup: name,
  increment: Number(name) || 7,
  partition_id: partitionId,
  frozen_at: NOW,
});

describe('mergetree-frozen projection', () => {
  it('a FREEZE records the backup and the parts it holds', () => {
    const view = spec.given([frozen('1', ['a', 'b'])]).view();
    expect(view.rows(backups)).toEqual([backup('1')]);
    expect(view.rows(parts)).toEqual([
      { tenant: 'acme', backup: '1', name: 'a' },
      { tenant: 'acme', backup: '1', name: 'b' },
    ]);
  });

  it('UNFREEZE of a partition keeps the backup while it holds parts, and removes it once empty', () => {
    const given = spec.given([frozen('nightly', ['a', 'b'])]);
    given.when([unfrozen('nightly', ['a'], '20201121')]).then(backups, [backup('nightly')]);
    given
      .when([unfrozen('nightly', ['a'], '20201121'), unfrozen('nightly', ['b'], '20201122')])
      .then(backups, []);
  });

  it('a whole UNFREEZE removes the backup even when it lists fewer parts', () => {
    spec.given([frozen('1', ['a', 'b']), unfrozen('1', ['a'])]).then(backups, []);
  });

  it('keeps tenants apart: unfreezing one tenant leaves the same backup name of another', () => {
    spec
      .given([frozen('1', ['a']), inStream('mergetree-globex/db.mt', frozen('1', ['a']))])
      .when([unfrozen('1', ['a'])])
      .then(parts, [{ tenant: 'globex', backup: '1', name: 'a' }]);
  });

  it('a retried batch leaves one backup', () => {
    spec
      .given([])
      .whenRetried([frozen('1', ['a'], '20201121')])
      .then(backups, [backup('1', '20201121')]);
  });
});
