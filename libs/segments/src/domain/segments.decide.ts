import { assertNever } from '@engine/kernel/domain';
import { stateChangeEvents } from './state-change.events';
import { formatIsoInstant } from './iso-instant.value-object';
import { isOvershadowed } from './overshadow.rule';
import { MAX_PARTITION_NUM, parseSegmentIdCandidates, segmentIdText } from './segment-id.value-object';
import { PublishSegments, SegmentSelector, SegmentsCommand, SegmentToPublish } from './segments.commands';
import { javaList, SegmentsError } from './segments.errors';
import { PublishedSegment, SegmentsEvent } from './segments.events';
import { findSegment, SegmentEntry, segmentsContainedIn, SegmentsState } from './segments.state';

type StateChangeType = Exclude<SegmentsEvent['type'], 'SegmentsPublished'>;

/** Turns a command into the events it causes; an empty list when nothing changes. Never mutates state. */
export function decideSegments(command: SegmentsCommand, state: SegmentsState): SegmentsEvent[] {
  const { datasource } = command;
  const changed = (type: StateChangeType, entries: readonly SegmentEntry[], versions?: readonly string[]) =>
    stateChangeEvents(type, datasource, entries, state, versions);
  switch (command.type) {
    case 'PublishSegments':
      return publish(command, state);
    case 'MarkSegmentUnused': {
      if (parseSegmentIdCandidates(datasource, command.segmentId).length === 0) {
        throw new SegmentsError(
          'INVALID_SEGMENT_ID',
          `Could not parse Segment ID[${command.segmentId}] for DataSource[${datasource}]`,
          { segmentId: command.segmentId },
        );
      }
      const entry = findSegment(state, datasource, command.segmentId);
      return changed('SegmentsMarkedUnused', entry?.used ? [entry] : []);
    }
    case 'MarkSegmentUsed': {
      const entry = findSegment(state, datasource, command.segmentId);
      return changed('SegmentsMarkedUsed', entry && !entry.used ? [entry] : []);
    }
    case 'MarkSegmentsUnused':
      return changed(
        'SegmentsMarkedUnused',
        selectForUnused(state, datasource, command.selector),
        versionsOf(command.selector),
      );
    case 'MarkSegmentsUsed':
      return changed(
        'SegmentsMarkedUsed',
        selectForUsed(state, datasource, command.selector),
        versionsOf(command.selector),
      );
    case 'MarkAllSegmentsUnused':
      return changed('SegmentsMarkedUnused', state.usedCount === 0 ? [] : allWhere(state, (e) => e.used));
    case 'MarkAllSegmentsUsed':
      return changed(
        'SegmentsMarkedUsed',
        revivable(
          state,
          allWhere(state, (e) => !e.used),
        ),
      );
    case 'KillUnusedSegments':
      return changed(
        'UnusedSegmentsKilled',
        segmentsContainedIn(state, command.interval).filter((e) => !e.used),
      );
    default:
      return assertNever(command);
  }
}

function publish(command: PublishSegments, state: SegmentsState): SegmentsEvent[] {
  const fresh = new Map<string, PublishedSegment>();
  for (const segment of command.segments) {
    validate(command.datasource, segment);
    const start = formatIsoInstant(segment.start);
    const end = formatIsoInstant(segment.end);
    const { version, partitionNum, size } = segment;
    const id = segmentIdText(command.datasource, start, end, version, partitionNum);
    // Republishing a known ID (or repeating one in the request) changes nothing.
    if (state.byId.has(id) || fresh.has(id)) continue;
    fresh.set(id, {
      id,
      start,
      end,
      version,
      partitionNum,
      size,
    });
  }
  if (fresh.size === 0) return [];
  return [
    {
      type: 'SegmentsPublished',
      data: { schemaVersion: 1, datasource: command.datasource, segments: [...fresh.values()] },
    },
  ];
}

function validate(datasource: string, segment: SegmentToPublish): void {
  const problems: string[] = [];
  if (datasource.length === 0) problems.push('datasource must not be empty');
  if (!(segment.start < segment.end)) problems.push('interval start must be before its end');
  if (segment.version.length === 0) problems.push('version must not be empty');
  const { partitionNum, size } = segment;
  if (!Number.isInteger(partitionNum) || partitionNum < 0 || partitionNum > MAX_PARTITION_NUM) {
    problems.push(`partitionNum must be an integer from 0 to ${MAX_PARTITION_NUM}`);
  }
  if (!Number.isSafeInteger(size) || size < 0) problems.push('size must be a non-negative integer');
  if (problems.length > 0)
    throw new SegmentsError('INVALID_SEGMENT', `Invalid segment: ${problems.join(', ')}`);
}

/** Interval + optional versions (an empty list selects nothing), or IDs; only used segments move. */
function selectForUnused(
  state: SegmentsState,
  datasource: string,
  selector: SegmentSelector,
): SegmentEntry[] {
  if (selector.kind === 'interval') return inInterval(state, selector).filter((e) => e.used);
  // Unparseable IDs and IDs of another datasource are ignored, as in Druid.
  const found = new Set<SegmentEntry>();
  for (const id of selector.segmentIds) {
    const entry = findSegment(state, datasource, id);
    if (entry?.used) found.add(entry);
  }
  return [...found];
}

/** Like selectForUnused, but every ID must name a known segment, and overshadowed ones stay unused. */
function selectForUsed(state: SegmentsState, datasource: string, selector: SegmentSelector): SegmentEntry[] {
  if (selector.kind === 'interval')
    return revivable(
      state,
      inInterval(state, selector).filter((e) => !e.used),
    );
  const unparseable = selector.segmentIds.filter(
    (id) => parseSegmentIdCandidates(datasource, id).length === 0,
  );
  if (unparseable.length > 0) {
    throw new SegmentsError(
      'UNPARSEABLE_SEGMENT_IDS',
      `Could not parse invalid segment IDs[${javaList(unparseable)}]`,
      {
        segmentIds: unparseable,
      },
    );
  }
  const found = new Set<SegmentEntry>();
  const unknown = new Set<string>();
  for (const id of selector.segmentIds) {
    const entry = findSegment(state, datasource, id);
    if (entry) found.add(entry);
    else unknown.add(id);
  }
  if (unknown.size > 0) {
    throw new SegmentsError(
      'UNKNOWN_SEGMENT_IDS',
      `Could not find segment IDs[${javaList([...unknown])}] for datasource[${datasource}]`,
      { segmentIds: [...unknown] },
    );
  }
  return revivable(
    state,
    [...found].filter((e) => !e.used),
  );
}

function inInterval(
  state: SegmentsState,
  selector: Extract<SegmentSelector, { kind: 'interval' }>,
): SegmentEntry[] {
  const { versions, interval } = selector;
  if (versions !== undefined && versions.length === 0) return [];
  const contained = segmentsContainedIn(state, interval);
  if (versions === undefined) return contained;
  const wanted = new Set(versions);
  return contained.filter((e) => wanted.has(e.version));
}

/**
 * Only candidates not overshadowed on a timeline of the used segments *and the candidates* are
 * revived: of two unused versions of one interval only the higher comes back (Druid's
 * SqlSegmentsMetadataQuery / IndexerSQLMetadataStorageCoordinator: "create a timeline with all
 * used and unused segments"; BEHAVIOUR.md §6).
 */
function revivable(state: SegmentsState, candidates: SegmentEntry[]): SegmentEntry[] {
  const timeline = new Set(candidates);
  return candidates.filter((e) => !isOvershadowed(state, e, timeline));
}

function allWhere(state: SegmentsState, predicate: (entry: SegmentEntry) => boolean): SegmentEntry[] {
  const found: SegmentEntry[] = [];
  for (const start of state.starts)
    for (const entry of state.byStart.get(start) ?? []) if (predicate(entry)) found.push(entry);
  return found;
}

function versionsOf(selector: SegmentSelector): readonly string[] | undefined {
  return selector.kind === 'interval' ? selector.versions : undefined;
}
