/**
 * The part of Fastify's reply that filters, interceptors and controllers use: declared once so
 * every library names the same shape (Fastify's own FastifyReply type would tie them to fastify).
 */
export interface ReplyLike {
  statusCode: number;
  status(code: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
  getHeader(name: string): unknown;
  send(body?: unknown): void;
}
