/**
 * TEST DOUBLE ONLY. Streams.Append (client-streaming) and Streams.BatchAppend (bidirectional)
 * of the fake EventStoreDB server.
 */
import * as grpc from '@grpc/grpc-js';
import { Empty as GoogleEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import * as shared from '@eventstore/db-client/generated/shared_pb';
import * as streams from '@eventstore/db-client/generated/streams_pb';
import { AppendOutcome, Expected, InMemoryEventLog, ProposedEvent } from './in-memory-event-log';
import {
  exceptionError,
  expectedOfAppend,
  expectedOfBatch,
  maxAppendSizeDetails,
  statusWith,
  streamIdentifier,
  streamNameOf,
  toProposed,
  wrongExpectedVersionDetails,
} from './esdb-proto-messages';

/** Fault injection: appends that are stored but whose answer is lost, as when a node dies right after writing. */
export interface AppendFaults {
  lostResponses: number;
}

const LOST = { code: grpc.status.UNAVAILABLE, details: 'test double: connection lost after the write' };

function loseResponse(faults: AppendFaults, outcome: AppendOutcome): boolean {
  if (outcome.kind !== 'success' || faults.lostResponses <= 0) return false;
  faults.lostResponses -= 1;
  return true;
}

export function appendHandler(
  log: InMemoryEventLog,
  faults: AppendFaults,
): grpc.handleClientStreamingCall<streams.AppendReq, streams.AppendResp> {
  return (call, callback) => {
    let options: streams.AppendReq.Options | undefined;
    const events: ProposedEvent[] = [];
    call.on('data', (request: streams.AppendReq) => {
      if (request.hasOptions()) options = request.getOptions();
      const message = request.getProposedMessage();
      if (message) events.push(toProposed(message));
    });
    call.on('error', () => undefined);
    call.on('end', () => {
      if (!options)
        return callback({ code: grpc.status.INVALID_ARGUMENT, details: 'append without options' });
      const expected = expectedOfAppend(options);
      const outcome = log.append(streamNameOf(options.getStreamIdentifier()), events, expected);
      if (outcome.kind === 'too_large') {
        return callback(
          exceptionError(grpc.status.INVALID_ARGUMENT, 'maximum-append-size-exceeded', {
            'maximum-append-size': String(outcome.maxAppendSize),
          }),
        );
      }
      if (loseResponse(faults, outcome)) return callback(LOST);
      callback(null, appendResponse(outcome, expected));
    });
  };
}

function appendResponse(outcome: AppendOutcome, expected: Expected): streams.AppendResp {
  const response = new streams.AppendResp();
  if (outcome.kind === 'success') {
    const position = new streams.AppendResp.Position()
      .setCommitPosition(outcome.position.toString())
      .setPreparePosition(outcome.position.toString());
    const success = new streams.AppendResp.Success().setCurrentRevision(outcome.currentRevision.toString());
    return response.setSuccess(success.setPosition(position));
  }
  const wrong = new streams.AppendResp.WrongExpectedVersion();
  if (outcome.kind === 'wrong_expected_version' && outcome.current !== undefined) {
    wrong.setCurrentRevision(outcome.current.toString());
  } else {
    wrong.setCurrentNoStream(new shared.Empty());
  }
  if (expected.kind === 'revision') wrong.setExpectedRevision(expected.revision.toString());
  else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new shared.Empty());
  else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new shared.Empty());
  else wrong.setExpectedAny(new shared.Empty());
  return response.setWrongExpectedVersion(wrong);
}

interface PendingBatch {
  options?: streams.BatchAppendReq.Options;
  events: ProposedEvent[];
}

/** One long-lived stream carries many appends, told apart by correlation id; `is_final` ends one. */
export function batchAppendHandler(
  log: InMemoryEventLog,
  faults: AppendFaults,
): grpc.handleBidiStreamingCall<streams.BatchAppendReq, streams.BatchAppendResp> {
  return (call) => {
    const pending = new Map<string, PendingBatch>();
    call.on('data', (request: streams.BatchAppendReq) => {
      const correlation = request.getCorrelationId();
      const key = correlation?.getString() ?? '';
      const batch = pending.get(key) ?? { events: [] };
      if (request.hasOptions()) batch.options = request.getOptions();
      batch.events.push(...request.getProposedMessagesList().map(toProposed));
      if (!request.getIsFinal()) {
        pending.set(key, batch);
        return;
      }
      pending.delete(key);
      if (!batch.options) return;
      const stream = streamNameOf(batch.options.getStreamIdentifier());
      const expected = expectedOfBatch(batch.options);
      const outcome = log.append(stream, batch.events, expected);
      if (loseResponse(faults, outcome))
        return void call.emit('error', Object.assign(new Error(LOST.details), LOST));
      const response = new streams.BatchAppendResp()
        .setCorrelationId(correlation)
        .setStreamIdentifier(streamIdentifier(stream));
      call.write(batchResponse(response, outcome, expected));
    });
    call.on('error', () => undefined);
    call.on('end', () => call.end());
  };
}

function batchResponse(response: streams.BatchAppendResp, outcome: AppendOutcome, expected: Expected) {
  switch (outcome.kind) {
    case 'success': {
      const position = new shared.AllStreamPosition()
        .setCommitPosition(outcome.position.toString())
        .setPreparePosition(outcome.position.toString());
      const success = new streams.BatchAppendResp.Success().setPosition(position);
      if (outcome.currentRevision < 0n) success.setNoStream(new GoogleEmpty());
      else success.setCurrentRevision(outcome.currentRevision.toString());
      return response.setSuccess(success);
    }
    case 'wrong_expected_version':
      return response.setError(
        statusWith(
          grpc.status.FAILED_PRECONDITION,
          'wrong expected version',
          wrongExpectedVersionDetails(expected, outcome.current),
        ),
      );
    case 'too_large':
      return response.setError(
        statusWith(
          grpc.status.INVALID_ARGUMENT,
          'maximum append size exceeded',
          maxAppendSizeDetails(outcome.maxAppendSize),
        ),
      );
  }
}
