import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import type { Principal } from '../context/command-context';
import { MalformedBodyError, PayloadTooLargeError } from '../errors/kernel-errors';
import { BodyLimits, bodyLimitsOf } from './body-limits';
import { checkJson } from './json-guard';

/** What the gate decided before the body was read: the caller, or null for no valid key. */
const gateOutcomes = new WeakMap<object, Principal | null>();
/** Why a body was refused; the auth guard throws it after authentication, in the dialect's shape. */
const bodyRejections = new WeakMap<object, Error>();
/** Requests whose body was left unread: their connection is closed after the answer. */
const unreadBodies = new WeakSet<object>();

/**
 * Authenticates every request in Fastify's onRequest hook, before any content-type parser runs,
 * so a request without a valid key never has its body read, let alone parsed.
 */
export function installRequestGate(
  fastify: FastifyInstance,
  authenticate: (request: FastifyRequest) => Principal | undefined,
): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    gateOutcomes.set(request, authenticate(request) ?? null);
    done();
  });
  // The client may still be sending the body nobody reads; closing is cheaper than draining it.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (unreadBodies.has(request)) reply.header('connection', 'close');
    done(null, payload);
  });
}

/** The gate's answer for a request: a principal, null (no valid key) or undefined (no gate). */
export function gateOutcomeOf(request: object): Principal | null | undefined {
  return gateOutcomes.get(request);
}

/** The reason a request's body was refused (too large, malformed), if it was. */
export function bodyRejectionOf(request: object): Error | undefined {
  return bodyRejections.get(request);
}

type Done = (error: Error | null, body?: unknown) => void;

/**
 * Bodies are read as a stream against the matched route's byte limit (see BodyLimits): a declared
 * or received size over it stops reading at once. JSON is scanned (depth, array and string
 * length, prototype keys, lone surrogates) before JSON.parse builds anything. Refusals are kept
 * aside for the auth guard, so each family renders them in its own dialect (Fastify would answer
 * in its own shape) and only after the key has been checked. Every other content type
 * (ClickHouse query text) arrives as a string.
 */
export function installBodyParsers(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', (request, payload, done: Done) =>
    readBody(request, payload, done, (text, limits) => {
      if (text.trim() === '') return undefined;
      const refused = checkJson(text, limits);
      if (refused !== undefined)
        return reject(request, new MalformedBodyError(`Malformed JSON body: ${refused}`));
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        return reject(request, new MalformedBodyError(`Malformed JSON body: ${(error as Error).message}`));
      }
    }),
  );
  for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
    if (fastify.hasContentTypeParser(type)) fastify.removeContentTypeParser(type);
  }
  // curl -d without -H sends JSON as a form; a body that looks like JSON is parsed as JSON.
  fastify.addContentTypeParser('*', (request, payload, done: Done) =>
    readBody(request, payload, done, (text, limits) => {
      if (!/^\s*[[{]/.test(text)) return text;
      const refused = checkJson(text, limits);
      if (refused !== undefined)
        return reject(request, new MalformedBodyError(`Malformed JSON body: ${refused}`));
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    }),
  );
}

function reject(request: object, error: Error): undefined {
  bodyRejections.set(request, error);
  return undefined;
}

/**
 * The rest of the body is discarded as it arrives, never buffered or parsed, until the answer
 * has gone out and the connection closes: a socket closed with unread data would be reset, and
 * the client could lose the answer.
 */
function leaveUnread(request: object, payload: Readable): void {
  unreadBodies.add(request);
  payload.resume();
}

function readBody(
  request: FastifyRequest,
  payload: Readable,
  done: Done,
  parse: (text: string, limits: BodyLimits) => unknown,
): void {
  if (gateOutcomes.get(request) === null) {
    leaveUnread(request, payload);
    return done(null, undefined);
  }
  const limits = bodyLimitsOf(request);
  const tooLarge = () => {
    leaveUnread(request, payload);
    reject(request, new PayloadTooLargeError(limits.bytes));
    done(null, undefined);
  };
  const declared = Number(request.headers['content-length']);
  if (declared > limits.bytes) return tooLarge();

  const chunks: Buffer[] = [];
  let received = 0;
  const stop = () => {
    payload.removeListener('data', onData);
    payload.removeListener('end', onEnd);
    payload.removeListener('error', onError);
  };
  const onData = (chunk: Buffer | string) => {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    received += buffer.length;
    if (received > limits.bytes) {
      stop();
      return tooLarge();
    }
    chunks.push(buffer);
  };
  const onEnd = () => {
    stop();
    done(null, parse(Buffer.concat(chunks, received).toString('utf8'), limits));
  };
  const onError = (error: Error & { statusCode?: number }) => {
    stop();
    if (!(typeof error.statusCode === 'number' && error.statusCode >= 400)) error.statusCode = 400;
    done(error);
  };
  payload.on('data', onData);
  payload.on('end', onEnd);
  payload.on('error', onError);
  payload.resume();
}
