/**
 * TEST DOUBLE ONLY. What the fake EventStoreDB server checks before a call reaches a handler:
 * credentials and rights, leadership, and dropped requests (a node that never answers).
 * Facts (KurrentDB, tag v24.10.5): reading $all goes through the system-stream ACL, $admins and
 * $ops by default (src/EventStore.Core/Authorization/LegacyStreamPermissionAssertion.cs); a
 * refusal is PERMISSION_DENIED with `exception: access-denied`, and a follower asked for a
 * leader-only call answers NOT_FOUND with `exception: not-leader`, `leader-endpoint-host` and
 * `leader-endpoint-port` (src/EventStore.Core/Services/Transport/Grpc/RpcExceptions.cs:
 * AccessDenied, LeaderInfo); a wrong password is UNAUTHENTICATED.
 */
import * as grpc from '@grpc/grpc-js';
import * as streams from '@eventstore/db-client/generated/streams_pb';
import { exceptionError } from './esdb-proto-messages';

export interface TestUser {
  name: string;
  password: string;
  groups: Array<'$admins' | '$ops'>;
}

export interface GuardState {
  /** When set, credentials are checked (the client sends them only over TLS). */
  users?: TestUser[];
  /** When set, this node is a follower of that leader. */
  leader?: { host: string; port: number };
  /** The next `dropped` requests are never answered. */
  dropped: number;
  /** Calls answered NotLeader. */
  notLeader: number;
}

type Refusal = grpc.ServiceError | 'drop' | undefined;

function refusal(state: GuardState, metadata: grpc.Metadata, readsAll: boolean): Refusal {
  if (state.dropped > 0) {
    state.dropped--;
    return 'drop';
  }
  if (state.leader) {
    state.notLeader++;
    return Object.assign(
      new Error('not leader'),
      exceptionError(grpc.status.NOT_FOUND, 'not-leader', {
        'leader-endpoint-host': state.leader.host,
        'leader-endpoint-port': String(state.leader.port),
      }),
    ) as grpc.ServiceError;
  }
  if (!state.users) return undefined;
  const header = String(metadata.get('authorization')[0] ?? '');
  const [name, password] = Buffer.from(header.replace(/^Basic /, ''), 'base64')
    .toString('utf8')
    .split(':');
  const user = header ? state.users.find((u) => u.name === name) : undefined;
  if (header && (!user || user.password !== password)) {
    return Object.assign(new Error('bad credentials'), {
      code: grpc.status.UNAUTHENTICATED,
      details: 'Bad username or password',
      metadata: new grpc.Metadata(),
    }) as grpc.ServiceError;
  }
  const allowed = readsAll ? !!user?.groups.some((g) => g === '$admins' || g === '$ops') : !!user;
  if (allowed) return undefined;
  return Object.assign(
    new Error('access denied'),
    exceptionError(grpc.status.PERMISSION_DENIED, 'access-denied'),
  ) as grpc.ServiceError;
}

export function guardRead(
  state: GuardState,
  inner: grpc.handleServerStreamingCall<streams.ReadReq, streams.ReadResp>,
): grpc.handleServerStreamingCall<streams.ReadReq, streams.ReadResp> {
  return (call) => {
    const refused = refusal(state, call.metadata, !!call.request.getOptions()?.hasAll());
    if (refused === 'drop') return;
    if (refused) return void call.emit('error', refused);
    inner(call);
  };
}

export function guardAppend<Req, Resp>(
  state: GuardState,
  inner: grpc.handleClientStreamingCall<Req, Resp>,
): grpc.handleClientStreamingCall<Req, Resp> {
  return (call, callback) => {
    const refused = refusal(state, call.metadata, false);
    if (refused === 'drop') return void call.on('data', () => undefined);
    if (refused) return callback(refused);
    inner(call, callback);
  };
}

export function guardBatchAppend<Req, Resp>(
  state: GuardState,
  inner: grpc.handleBidiStreamingCall<Req, Resp>,
): grpc.handleBidiStreamingCall<Req, Resp> {
  return (call) => {
    const refused = refusal(state, call.metadata, false);
    if (refused === 'drop') return void call.on('data', () => undefined);
    if (refused) return void call.emit('error', refused);
    inner(call);
  };
}
