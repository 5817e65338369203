import { DomainError } from '@engine/kernel/domain';
import { DeciderSpecification } from '@engine/testing';
import { parseInterval } from './interval.value-object';
import { SegmentSelector, SegmentsCommand } from './segments.commands';
import { segmentsDecider } from './segments.decider';
import { SegmentsEvent } from './segments.events';
import { DS } from './segments.fixtures';

/** Given/When/Then for the segments decider, refusals checked by DomainError code (and message). */
const spec = DeciderSpecification.for(segmentsDecider);
// Refused with the given code (and message, when given).
const refusal =
  (code: string, message?: string) =>
  (error: Error): boolean =>
    error instanceof DomainError &&
    error.code === code &&
    (message === undefined || error.message === message);
export const given = (history: SegmentsEvent[]) => {
  const when = spec.given(history).when;
  return {
    when: (command: SegmentsCommand) => {
      const step = when(command);
      return {
        then: step.then,
        thenThrows: (code: string, message?: string) => step.thenThrows(refusal(code, message)),
      };
    },
  };
};

export const interval = (text: string, versions?: string[]): SegmentSelector => {
  const parsed = parseInterval(text);
  if (!parsed) throw new Error(text);
  return { kind: 'interval', interval: parsed, versions };
};
export const byIds = (...segmentIds: string[]): SegmentSelector => ({ kind: 'ids', segmentIds });
export const markUnused = (selector: SegmentSelector): SegmentsCommand => ({
  type: 'MarkSegmentsUnused',
  datasource: DS,
  selector,
});
export const markUsed = (selector: SegmentSelector): SegmentsCommand => ({
  type: 'MarkSegmentsUsed',
  datasource: DS,
  selector,
});
