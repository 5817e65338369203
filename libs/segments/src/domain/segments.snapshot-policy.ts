import { SnapshotPolicy } from '@engine/kernel/domain';
import { formatIsoInstant } from './iso-instant.value-object';
import { segmentIdText } from './segment-id.value-object';
import {
  addSegments,
  initialSegmentsState,
  internVersion,
  SegmentEntry,
  SegmentsState,
} from './segments.state';

/**
 * Column-wise and without IDs (they are printed again from their parts on load), so a million
 * segments snapshot as a few arrays of numbers, about a third of the JSON of the segments.
 */
interface SegmentsSnapshot {
  datasource: string;
  versions: string[];
  starts: number[];
  ends: number[];
  /** Index into `versions`. */
  versionIndexes: number[];
  partitionNums: number[];
  sizes: number[];
  /** 1 = used, 0 = unused. */
  used: number[];
}

export const segmentsSnapshotPolicy: SnapshotPolicy<SegmentsState> = {
  version: 2,
  every: 500,
  toSnapshot(state) {
    const versions = [...state.versions.keys()];
    const versionIndex = new Map(versions.map((v, i) => [v, i]));
    const snapshot: SegmentsSnapshot = {
      datasource: state.datasource,
      versions,
      starts: [],
      ends: [],
      versionIndexes: [],
      partitionNums: [],
      sizes: [],
      used: [],
    };
    for (const entry of state.byId.values()) {
      snapshot.starts.push(entry.start);
      snapshot.ends.push(entry.end);
      snapshot.versionIndexes.push(versionIndex.get(entry.version) ?? 0);
      snapshot.partitionNums.push(entry.partitionNum);
      snapshot.sizes.push(entry.size);
      snapshot.used.push(entry.used ? 1 : 0);
    }
    return snapshot;
  },
  fromSnapshot(json) {
    const snapshot = json as SegmentsSnapshot;
    const state = initialSegmentsState();
    state.datasource = snapshot.datasource;
    const versions = snapshot.versions.map((v) => internVersion(state, v));
    const entries: SegmentEntry[] = snapshot.starts.map((start, i) => {
      const end = snapshot.ends[i];
      const version = versions[snapshot.versionIndexes[i]];
      const partitionNum = snapshot.partitionNums[i];
      return {
        id: segmentIdText(
          snapshot.datasource,
          formatIsoInstant(start),
          formatIsoInstant(end),
          version,
          partitionNum,
        ),
        start,
        end,
        version,
        partitionNum,
        size: snapshot.sizes[i],
        used: snapshot.used[i] === 1,
      };
    });
    addSegments(state, entries);
    return state;
  },
};
