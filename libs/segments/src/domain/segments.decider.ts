import { Decider } from '@engine/kernel/domain';
import { SegmentsCommand } from './segments.commands';
import { decideSegments } from './segments.decide';
import { SegmentsEvent } from './segments.events';
import { evolveSegments } from './segments.evolve';
import { initialSegmentsState, SegmentsState } from './segments.state';

/** One aggregate per datasource (stream `datasource-<tenant>/<ds>`). */
export const segmentsDecider: Decider<SegmentsState, SegmentsCommand, SegmentsEvent> = {
  initialState: initialSegmentsState,
  decide: decideSegments,
  evolve: evolveSegments,
};
