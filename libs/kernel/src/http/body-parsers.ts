import type { FastifyInstance } from 'fastify';

export const MALFORMED_BODY = '__malformedBody';
export type MalformedBody = { [MALFORMED_BODY]: string };

/**
 * JSON bodies that fail to parse become a marker the auth guard turns into MalformedBodyError,
 * so each family renders the error in its own dialect (Fastify would answer in its own shape).
 * Every other content type (ClickHouse query text) arrives as a string.
 */
export function installBodyParsers(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: 64 * 1024 * 1024 },
    (_req, body, done) => {
      const text = String(body);
      if (text.trim() === '') return done(null, undefined);
      try {
        done(null, JSON.parse(text));
      } catch (error) {
        done(null, { [MALFORMED_BODY]: `Malformed JSON body: ${(error as Error).message}` });
      }
    },
  );
  for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
    if (fastify.hasContentTypeParser(type)) fastify.removeContentTypeParser(type);
  }
  // curl -d without -H sends JSON as a form; a body that looks like JSON is parsed as JSON.
  fastify.addContentTypeParser(
    '*',
    { parseAs: 'string', bodyLimit: 64 * 1024 * 1024 },
    (_req, body, done) => {
      const text = String(body);
      if (!/^\s*[[{]/.test(text)) return done(null, text);
      try {
        done(null, JSON.parse(text));
      } catch {
        done(null, text);
      }
    },
  );
}
