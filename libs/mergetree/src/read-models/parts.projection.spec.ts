import { inStream, ProjectionSpecification } from '@engine/testing';
import type { MergeTreeEvent, PartRecord } from '../domain';
import { added, created, detached, NOW, other, part } from '../domain/mergetree.spec-fixtures';
import { OLD_PARTS_LIFETIME_MS, partsProjection } from './parts.projection';

const spec = ProjectionSpecification.for(partsProjection, { stream: 'mergetree-acme/db.mt' });
const active = 'SELECT tenant, table_name, name, disk FROM parts ORDER BY tenant, name';
const inactive = 'SELECT name, removed_at FROM inactive_parts ORDER BY name';

const p1 = part('2020-11-21', 1);
const p2 = part('2020-11-21', 2);
const row = (p: PartRecord, extra: { tenant?: string; disk?: string } = {}) => ({
  tenant: extra.tenant ?? 'acme',
  table_name: 'mt',
  name: p.name,
  disk: extra.disk ?? 'default',
});
const copied = (p: PartRecord) => ({ sourceName: p.name, part: p });

describe('mergetree-partitions projection', () => {
  it('subscribes to the event types it handles only', () => {
    expect([...partsProjection.filter.eventTypes].sort()).toEqual(
      [
        'MovedPartsReceived',
        'PartAdded',
        'PartitionAttachedFrom',
        'PartitionFrozen',
        'PartitionMoveAborted',
        'PartitionMoveStarted',
        'PartitionReplacedFrom',
        'PartitionUnfrozen',
        'PartsAttached',
        'PartsDetached',
        'PartsDropped',
        'PartsMerged',
        'PartsMovedToDisk',
        'PartsMutated',
        'TableCreated',
      ].sort(),
    );
    expect(partsProjection.filter.categories).toEqual(['mergetree']);
  });

  it('a mutation outdates each source part at the time of its event and adds the mutated one', () => {
    const mutated = part('2020-11-21', 1, { mutation: 3 });
    const mutation: MergeTreeEvent = {
      type: 'PartsMutated',
      data: {
        mutation: { kind: 'Delete', where: 'x = 1' },
        version: 3,
        parts: [{ fromName: p1.name, part: mutated }],
      },
    };
    spec
      .given([created(), added(p1), added(p2)])
      .when([inStream('mergetree-acme/db.mt', mutation, NOW)])
      .then(inactive, [{ name: p1.name, removed_at: NOW }]);
    spec.given([created(), added(p1), added(p2), mutation]).then(active, [row(mutated), row(p2)]);
  });

  it('moving parts to a disk changes their disk only', () => {
    const move: MergeTreeEvent = {
      type: 'PartsMovedToDisk',
      data: { target: { kind: 'disk', name: 'cold' }, disk: 'cold', names: [p2.name] },
    };
    spec.given([created(), added(p1), added(p2), move]).then(active, [row(p1), row(p2, { disk: 'cold' })]);
  });

  it('REPLACE PARTITION drops the replaced and the outdated parts of the partition and adds the copies', () => {
    const merged = part('2020-11-21', 1, { maxBlock: 2, level: 1 });
    const merge: MergeTreeEvent = {
      type: 'PartsMerged',
      data: { partitionId: '20201121', sourceNames: [p1.name, p2.name], part: merged },
    };
    const copy = part('2020-11-21', 5);
    const replace: MergeTreeEvent = {
      type: 'PartitionReplacedFrom',
      data: { source: other, partitionId: '20201121', replacedNames: [merged.name], parts: [copied(copy)] },
    };
    const view = spec.given([created(), added(p1), added(p2), merge, replace]).view();
    expect(view.rows(active)).toEqual([row(copy)]);
    expect(view.rows(inactive)).toEqual([]);
  });

  it('a move to another table takes the parts out, and an aborted move puts them back', () => {
    const started: MergeTreeEvent = {
      type: 'PartitionMoveStarted',
      data: { moveId: 'm1', destination: other, partitionId: '20201121', parts: [p1] },
    };
    const aborted: MergeTreeEvent = {
      type: 'PartitionMoveAborted',
      data: { moveId: 'm1', reason: 'x', parts: [p1] },
    };
    spec.given([created(), added(p1), added(p2), started]).then(active, [row(p2)]);
    spec.given([created(), added(p1), added(p2), started, aborted]).then(active, [row(p1), row(p2)]);
  });

  it('parts received by a move or ATTACH PARTITION FROM become active', () => {
    const received: MergeTreeEvent = {
      type: 'MovedPartsReceived',
      data: { moveId: 'm1', source: other, parts: [copied(p1)] },
    };
    const attachedFrom: MergeTreeEvent = {
      type: 'PartitionAttachedFrom',
      data: { source: other, parts: [copied(p2)] },
    };
    spec.given([created(), received, attachedFrom]).then(active, [row(p1), row(p2)]);
  });

  it('keeps tenants apart: a drop in one tenant leaves the same table of another', () => {
    const globex = (e: MergeTreeEvent) => inStream('mergetree-globex/db.mt', e);
    spec
      .given([created(), globex(created()), added(p1), globex(added(p1)), detached(p1)])
      .then(active, [row(p1, { tenant: 'globex' })]);
  });

  it('forgets outdated parts by the time of the event that outdates more, and a retried batch changes nothing', () => {
    const later = new Date(Date.parse(NOW) + OLD_PARTS_LIFETIME_MS + 1).toISOString();
    const p3 = part('2020-11-21', 3);
    const merge = (a: PartRecord, b: PartRecord): MergeTreeEvent => ({
      type: 'PartsMerged',
      data: {
        partitionId: '20201121',
        sourceNames: [a.name, b.name],
        part: part('2020-11-21', a.minBlock, { maxBlock: b.maxBlock, level: 1 }),
      },
    });
    const history = [
      created(),
      added(p1),
      added(p2),
      inStream('mergetree-acme/db.mt', merge(p1, p2), NOW),
      added(p3),
    ];
    const second = [
      inStream('mergetree-acme/db.mt', merge(part('2020-11-21', 1, { maxBlock: 2, level: 1 }), p3), later),
    ];
    const expected = [
      { name: '20201121_1_2_1', removed_at: later },
      { name: p3.name, removed_at: later },
    ];
    spec.given(history).when(second).then(inactive, expected);
    spec.given(history).whenRetried(second).then(inactive, expected);
  });
});
