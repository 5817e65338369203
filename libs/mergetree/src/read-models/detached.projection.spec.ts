import { inStream, ProjectionSpecification } from '@engine/testing';
import type { MergeTreeEvent } from '../domain';
import { detached, NOW, part } from '../domain/mergetree.spec-fixtures';
import { detachedProjection } from './detached.projection';

const spec = ProjectionSpecification.for(detachedProjection, { stream: 'mergetree-acme/db.mt' });
const rows =
  'SELECT tenant, table_name, name, reason, partition_id, detached_at FROM detached_parts ORDER BY tenant, name';

const p1 = part('2020-11-21', 1);
const p2 = part('2020-11-22', 2);
const row = (
  name: string,
  detachedAt: string,
  extra: { reason?: string; tenant?: string; partition?: string } = {},
) => ({
  tenant: extra.tenant ?? 'acme',
  table_name: 'mt',
  name,
  reason: extra.reason ?? '',
  partition_id: extra.partition ?? '20201121',
  detached_at: detachedAt,
});

describe('mergetree-detached projection', () => {
  it('subscribes to the event types it handles only', () => {
    expect([...detachedProjection.filter.eventTypes].sort()).toEqual(
      [
        'DetachedPartRegistered',
        'DetachedPartsDropped',
        'PartsAttached',
        'PartsDetached',
        'PartsFetched',
      ].sort(),
    );
  });

  it('lists detached parts with their detach time, and forgets them when attached or dropped', () => {
    const attached: MergeTreeEvent = {
      type: 'PartsAttached',
      data: { parts: [{ detachedName: p1.name, part: part('2020-11-21', 3) }] },
    };
    const dropped: MergeTreeEvent = { type: 'DetachedPartsDropped', data: { names: [p2.name] } };
    spec
      .given([detached(p1, p2)])
      .then(rows, [row(p1.name, NOW), row(p2.name, NOW, { partition: '20201122' })]);
    spec.given([detached(p1, p2), attached]).then(rows, [row(p2.name, NOW, { partition: '20201122' })]);
    spec
      .given([detached(p1, p2)])
      .when([attached, dropped])
      .then(rows, []);
  });

  it('fetched and registered parts are detached at the time of their event, with their reason', () => {
    const fetched: MergeTreeEvent = {
      type: 'PartsFetched',
      data: { from: '/clickhouse/tables/x', parts: [{ name: p1.name, reason: '', part: p1 }] },
    };
    const registered: MergeTreeEvent = {
      type: 'DetachedPartRegistered',
      data: { detached: { name: `broken_${p2.name}`, reason: 'broken', part: p2 } },
    };
    spec
      .given([inStream('mergetree-acme/db.mt', fetched, '2025-05-05T00:00:00.000Z'), registered])
      .then(rows, [
        row(p1.name, '2025-05-05T00:00:00.000Z'),
        row(`broken_${p2.name}`, '2024-01-01T00:00:02.000Z', { reason: 'broken', partition: '20201122' }),
      ]);
  });

  it('keeps tenants apart, and a retried batch records each part once', () => {
    spec
      .given([inStream('mergetree-globex/db.mt', detached(p1))])
      .whenRetried([detached(p1)])
      .then(rows, [row(p1.name, NOW), row(p1.name, NOW, { tenant: 'globex' })]);
  });
});
