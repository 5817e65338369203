import type { RecordedEvent } from '@engine/eventstore';
import Database from 'better-sqlite3';
import type { MergeTreeEvent } from '../domain';
import { added, created, detached, NOW, part } from '../domain/mergetree.spec-fixtures';
import { detachedProjection } from './detached.projection';
import { OLD_PARTS_LIFETIME_MS, partsProjection } from './parts.projection';

/** Given MergeTree events on db.mt of tenant acme, then the rows system.parts and system.detached_parts read. */
function projected(events: MergeTreeEvent[], occurredAt: (i: number) => string = () => NOW) {
  const db = new Database(':memory:');
  const handlers = [partsProjection.open(db), detachedProjection.open(db)];
  events.forEach((event, i) => handlers.forEach((h) => h.apply(recorded(event, i + 1, occurredAt(i)))));
  const rows = (sql: string, ...params: string[]) => db.prepare(sql).all(...params);
  return {
    active: () => rows('SELECT name FROM parts ORDER BY name').map((r) => (r as { name: string }).name),
    inactive: () =>
      rows('SELECT name FROM inactive_parts ORDER BY name').map((r) => (r as { name: string }).name),
    detachedRows: () => rows('SELECT name, reason, level FROM detached_parts ORDER BY name'),
    frozen: () => rows('SELECT backup, name FROM frozen_parts ORDER BY name'),
    rows,
  };
}

function recorded(event: MergeTreeEvent, position: number, occurredAt: string): RecordedEvent {
  return {
    id: `e${position}`,
    streamName: 'mergetree-acme/db.mt',
    type: event.type,
    revision: BigInt(position - 1),
    position: BigInt(position),
    data: event.data as RecordedEvent['data'],
    metadata: {
      tenant: 'acme',
      actor: 'test',
      commandId: 'c',
      correlationId: 'c',
      causationId: 'c',
      source: 'native',
      occurredAt,
    },
    recordedAt: occurredAt,
  };
}

const p1 = part('2020-11-21', 1);
const p2 = part('2020-11-21', 2);
const merged = part('2020-11-21', 1, { maxBlock: 2, level: 1 });
const merge: MergeTreeEvent = {
  type: 'PartsMerged',
  data: { partitionId: '20201121', sourceNames: [p1.name, p2.name], part: merged },
};

describe('MergeTree read models', () => {
  it('records the table, its columns with the partition key flagged, and its added parts', () => {
    const view = projected([created(), added(p1), added(p2)]);
    expect(view.rows('SELECT database, table_name, engine, order_by FROM tables')).toEqual([
      { database: 'db', table_name: 'mt', engine: 'MergeTree', order_by: 'x' },
    ]);
    expect(view.rows('SELECT name, position, in_partition_key FROM table_columns ORDER BY position')).toEqual(
      [
        { name: 'd', position: 1, in_partition_key: 1 },
        { name: 'x', position: 2, in_partition_key: 0 },
        { name: 's', position: 3, in_partition_key: 0 },
      ],
    );
    expect(view.active()).toEqual(['20201121_1_1_0', '20201121_2_2_0']);
    expect(view.rows('SELECT rows, bytes_on_disk, level FROM parts WHERE name = ?', p1.name)).toEqual([
      { rows: 10, bytes_on_disk: 100, level: 0 },
    ]);
  });

  it('a merge makes its sources inactive and the merged part active', () => {
    const view = projected([created(), added(p1), added(p2), merge]);
    expect(view.active()).toEqual(['20201121_1_2_1']);
    expect(view.inactive()).toEqual(['20201121_1_1_0', '20201121_2_2_0']);
  });

  it('forgets inactive parts once old_parts_lifetime has passed', () => {
    const later = new Date(Date.parse(NOW) + OLD_PARTS_LIFETIME_MS + 1).toISOString();
    const p3 = part('2020-11-21', 3);
    const p4 = part('2020-11-21', 4);
    const secondMerge: MergeTreeEvent = {
      type: 'PartsMerged',
      data: {
        partitionId: '20201121',
        sourceNames: [p3.name, p4.name],
        part: part('2020-11-21', 3, { maxBlock: 4, level: 1 }),
      },
    };
    const view = projected(
      [created(), added(p1), added(p2), merge, added(p3), added(p4), secondMerge],
      (i) => (i === 6 ? later : NOW),
    );
    expect(view.inactive()).toEqual(['20201121_3_3_0', '20201121_4_4_0']);
  });

  it('a frozen part is listed with its backup until it is unfrozen', () => {
    const freeze: MergeTreeEvent = {
      type: 'PartitionFrozen',
      data: { backupName: '1', increment: 1, partitionId: null, partNames: [p1.name], frozenAt: NOW },
    };
    expect(projected([created(), added(p1), freeze]).frozen()).toEqual([{ backup: '1', name: p1.name }]);
    const unfreeze: MergeTreeEvent = {
      type: 'PartitionUnfrozen',
      data: { backupName: '1', partitionId: null, partNames: [p1.name] },
    };
    expect(projected([created(), added(p1), freeze, unfreeze]).frozen()).toEqual([]);
  });

  it('a detached part leaves the active parts for detached_parts, and attaching brings it back', () => {
    const view = projected([created(), added(p1), added(p2), detached(p1)]);
    expect(view.active()).toEqual([p2.name]);
    expect(view.detachedRows()).toEqual([{ name: p1.name, reason: '', level: 0 }]);
    const attached: MergeTreeEvent = {
      type: 'PartsAttached',
      data: { parts: [{ detachedName: p1.name, part: part('2020-11-21', 3) }] },
    };
    const back = projected([created(), added(p1), added(p2), detached(p1), attached]);
    expect(back.active()).toEqual([p2.name, '20201121_3_3_0']);
    expect(back.detachedRows()).toEqual([]);
  });

  it('a detached name already taken is recorded under its new directory name', () => {
    const event: MergeTreeEvent = {
      type: 'PartsDetached',
      data: { parts: [p1], detachedAt: NOW, detachedAs: { [p1.name]: `${p1.name}_try1` } },
    };
    expect(projected([created(), added(p1), event]).detachedRows()).toEqual([
      { name: `${p1.name}_try1`, reason: '', level: 0 },
    ]);
  });

  it('dropped parts leave the active parts at once, not through inactive', () => {
    const drop: MergeTreeEvent = { type: 'PartsDropped', data: { names: [p1.name] } };
    const view = projected([created(), added(p1), added(p2), drop]);
    expect(view.active()).toEqual([p2.name]);
    expect(view.inactive()).toEqual([]);
  });
});
