import { EventSchemaRegistry } from './event-schemas.registry';
import { JsonSchema } from './json-schema';

const CHANNEL = 'events';

/**
 * AsyncAPI 3.0 description of the SSE feed: one channel, one message per category and event type
 * (keyed `<category>.<type>`, tagged with the category), each payload the event's full JSON Schema.
 */
export function asyncApiDocument(schemas: EventSchemaRegistry, version: string): JsonSchema {
  const events = schemas.all();
  const ref = (key: string) => ({ $ref: `#/channels/${CHANNEL}/messages/${key}` });
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Partition lifecycle engine events',
      version,
      description:
        'Every change to partitions, parts, segments, tablets and materialization plans, as recorded. Stream names (`<category>-<tenant>/<id>`) and event types are a public contract.',
      tags: schemas.categories().map(({ category, description }) => ({ name: category, description })),
    },
    defaultContentType: 'application/json',
    channels: {
      [CHANNEL]: {
        address: '/engine/v1/events/subscribe',
        title: 'Server-Sent Events feed',
        description:
          "The caller's tenant only. SSE `id` = global position, `event` = event type, `data` = the event. Query: `from` (exclusive position), `category` and `type` (comma lists), `heartbeat` (ms); resume with the `Last-Event-ID` header. Heartbeats are SSE comment lines.",
        messages: Object.fromEntries(events.map((e) => [e.key, { $ref: `#/components/messages/${e.key}` }])),
      },
    },
    operations: {
      receiveEvents: {
        action: 'receive',
        channel: { $ref: `#/channels/${CHANNEL}` },
        summary: 'Catch up from a position, then receive new events live',
        messages: events.map((e) => ref(e.key)),
      },
    },
    components: {
      messages: Object.fromEntries(
        events.map((e) => [
          e.key,
          {
            name: e.type,
            title: e.type,
            summary: e.description,
            contentType: 'application/json',
            tags: [{ name: e.category }],
            payload: { $ref: `#/components/schemas/${e.key}` },
          },
        ]),
      ),
      schemas: Object.fromEntries(events.map((e) => [e.key, e.schema])),
    },
  };
}
