import type { MergeTreeEvent } from '../domain';
import {
  describeSubjectSamples,
  SubjectSample,
  timelineOf,
} from '../../../../test/audit/support/subject-samples';
import { MERGETREE_AUDIT } from './mergetree.audit';
import { MERGETREE_EVENT_SCHEMAS } from './mergetree.schemas';

const P1 = '201901_1_1_0';
const P2 = '201901_2_2_0';
const P3 = '202002_3_3_0';
const part = (name: string) => ({ name, partitionId: name.split('_')[0], partition: name.split('_')[0] });
const src = { database: 'db', table: 'src' };

const SAMPLES: Record<MergeTreeEvent['type'], SubjectSample> = {
  TableCreated: { data: {}, subjects: [] },
  PartAdded: { data: { part: part(P1) }, subjects: [`part:${P1}`, 'partition:201901'] },
  PartsMerged: {
    data: { partitionId: '201901', sourceNames: [P1, P2], part: part('201901_1_2_1') },
    subjects: [`part:${P1}`, `part:${P2}`, 'part:201901_1_2_1', 'partition:201901'],
  },
  PartsDetached: {
    data: { parts: [part(P1), part(P3)] },
    subjects: [`part:${P1}`, `part:${P3}`, 'partition:201901', 'partition:202002'],
  },
  PartsAttached: {
    data: { parts: [{ detachedName: P1, part: part(P1) }] },
    subjects: [`part:${P1}`, 'partition:201901'],
  },
  PartsDropped: { data: { names: [P1, P2] }, subjects: [`part:${P1}`, `part:${P2}`, 'partition:201901'] },
  DetachedPartsDropped: {
    data: { names: [`broken_${P3}`] },
    subjects: [`part:${P3}`, 'partition:202002'],
  },
  PartitionForgotten: { data: { partitionId: '201901' }, subjects: ['partition:201901'] },
  PartitionAttachedFrom: {
    data: { source: src, parts: [{ sourceName: P1, part: part(P1) }] },
    subjects: [`part:${P1}`, 'partition:201901'],
  },
  PartitionReplacedFrom: {
    data: {
      source: src,
      partitionId: '201901',
      replacedNames: [P2],
      parts: [{ sourceName: P1, part: part(P1) }],
    },
    subjects: [`part:${P2}`, `part:${P1}`, 'partition:201901'],
  },
  PartitionMoveStarted: {
    data: { moveId: 'm1', destination: src, partitionId: '201901', parts: [part(P1)] },
    subjects: [`part:${P1}`, 'partition:201901', 'move:m1'],
  },
  MovedPartsReceived: {
    data: { moveId: 'm1', source: src, parts: [{ sourceName: P1, part: part(P1) }] },
    subjects: [`part:${P1}`, 'partition:201901', 'move:m1'],
  },
  PartitionMoveCompleted: { data: { moveId: 'm1' }, subjects: ['move:m1'] },
  PartitionMoveAborted: {
    data: { moveId: 'm1', reason: 'x', parts: [part(P1)] },
    subjects: [`part:${P1}`, 'partition:201901', 'move:m1'],
  },
  PartitionFrozen: {
    data: { backupName: 'b', increment: 1, partitionId: null, partNames: [P1, P3] },
    subjects: [`part:${P1}`, `part:${P3}`, 'partition:201901', 'partition:202002', 'backup:b'],
  },
  PartitionUnfrozen: {
    data: { backupName: 'b', partitionId: '201901', partNames: [P1] },
    subjects: [`part:${P1}`, 'partition:201901', 'backup:b'],
  },
  PartsMutated: {
    data: {
      mutation: { kind: 'Delete', where: '1' },
      version: 4,
      parts: [{ fromName: P1, part: part(`${P1}_4`) }],
    },
    subjects: [`part:${P1}`, `part:${P1}_4`, 'partition:201901'],
  },
  PartsMovedToDisk: {
    data: { target: { kind: 'disk', name: 'cold' }, disk: 'cold', names: [P1] },
    subjects: [`part:${P1}`, 'partition:201901'],
  },
  PartsFetched: {
    data: { from: 'r2', parts: [{ name: P1, reason: '', part: part(P1) }] },
    subjects: [`part:${P1}`, 'partition:201901'],
  },
  DetachedPartRegistered: {
    data: { detached: { name: `broken_${P1}`, reason: 'broken', part: part(P1) } },
    subjects: [`part:${P1}`, 'partition:201901'],
  },
};

describeSubjectSamples(MERGETREE_AUDIT, MERGETREE_EVENT_SCHEMAS, SAMPLES);

describe('a partition timeline follows what a part event and a move did to it', () => {
  it('given a ClickHouse partition added, detached, attached, frozen, moved and dropped, its timeline has every step', () => {
    const s = SAMPLES;
    const events: [string, Record<string, unknown>][] = [
      'PartAdded',
      'PartsDetached',
      'PartsAttached',
      'PartitionFrozen',
      'PartitionMoveStarted',
      'PartitionMoveCompleted',
      'PartsDropped',
    ].map((t) => [t, s[t as MergeTreeEvent['type']].data]);
    expect(timelineOf(MERGETREE_AUDIT, '201901', events)).toEqual([
      'PartAdded',
      'PartsDetached',
      'PartsAttached',
      'PartitionFrozen',
      'PartitionMoveStarted',
      'PartitionMoveCompleted',
      'PartsDropped',
    ]);
    // A move of another partition is not in this one's timeline.
    expect(timelineOf(MERGETREE_AUDIT, '202002', events)).toEqual(['PartsDetached', 'PartitionFrozen']);
  });
});
