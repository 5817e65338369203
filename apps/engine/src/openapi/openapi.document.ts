import { PUBLIC_ROUTE, REQUIRED_ROLE } from '@engine/kernel';
import { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { dialectOf } from '../observability/request-observability';

/**
 * Every way a request may carry its API key (libs/kernel/src/auth/credentials.ts reads them all on
 * every route): OpenAPI alternatives, one requirement each; CAN's pair of headers is one requirement.
 */
const SECURITY: Record<string, string[]>[] = [
  { bearer: [] },
  { basic: [] },
  { xAuthToken: [] },
  { clickhouseKey: [] },
  { canAuthType: [], canAuthValue: [] },
  { clickhousePassword: [] },
];

const json = (schema: object) => ({ 'application/json': { schema } });
const text = (description: string) => ({ 'text/plain': { schema: { type: 'string', description } } });

/** Each dialect's error body (its exception filter), documented as every route's `default` response. */
const ERRORS: Record<string, { description: string; content: object }> = {
  native: {
    description: 'Error: `{ error: { code, message } }` with a stable code',
    content: json({
      type: 'object',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message'],
          properties: { code: { type: 'string' }, message: { type: 'string' } },
        },
      },
    }),
  },
  druid: {
    description: "Druid's errors: `{ error }` JSON, DruidException JSON for invalid input, or plain text",
    content: {
      ...json({ type: 'object', properties: { error: { type: 'string' } } }),
      ...text('invalid markUsed/markUnused payload or segment ID'),
    },
  },
  clickhouse: {
    description: "ClickHouse's error text",
    content: text('`Code: N. DB::Exception: <message>. (<CODE_NAME>)`'),
  },
  lakeformation: {
    description: "LakeFormation's error body",
    content: json({
      type: 'object',
      required: ['error_code', 'error_msg'],
      properties: {
        error_code: { type: 'string' },
        error_msg: { type: 'string' },
        solution_msg: { type: 'string' },
      },
    }),
  },
  doris: {
    description: "Doris's error body (manual compaction answers most failures with HTTP 200 and status Fail)",
    content: json({
      type: 'object',
      required: ['status', 'msg'],
      properties: { status: { type: 'string', enum: ['Fail'] }, msg: { type: 'string' } },
    }),
  },
  can: {
    description: "CAN's envelope with success false, errorMsg and detailErrorMsg",
    content: json({
      type: 'object',
      required: ['success', 'code', 'errorMsg'],
      properties: {
        data: { type: 'string', nullable: true },
        success: { type: 'boolean' },
        code: { type: 'string' },
        errorMsg: { type: 'string', nullable: true },
        detailErrorMsg: { type: 'string', nullable: true },
      },
    }),
  },
};

type Operation = {
  parameters?: { in: string; name: string; required?: boolean; description?: string; schema?: object }[];
  operationId?: string;
  description?: string;
  security?: Record<string, string[]>[];
  responses?: Record<string, unknown>;
  'x-required-role'?: string;
};

/** Per operation id (`Controller_method`): public or the role it needs, read from the auth decorators. */
function accessByOperation(app: INestApplication): Map<string, { public: boolean; role?: string }> {
  const access = new Map<string, { public: boolean; role?: string }>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!type) continue;
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        if (name === 'constructor') continue;
        const handler = (type.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function') continue;
        const read = <T>(key: string): T | undefined =>
          (Reflect.getMetadata(key, handler) as T | undefined) ??
          (Reflect.getMetadata(key, type) as T | undefined);
        access.set(`${type.name}_${name}`, {
          public: read<boolean>(PUBLIC_ROUTE) === true,
          role: read<string>(REQUIRED_ROLE),
        });
      }
    }
  }
  return access;
}

/**
 * A handler mounted on several paths (ClickHouse's `''` and `'*'`) shares its decorators: keep on
 * each path the path parameters it has, all required as OpenAPI wants.
 */
function declarePathParameters(path: string, operation: Operation): void {
  if (!operation.parameters) return;
  const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  operation.parameters = operation.parameters
    .filter((p) => p.in !== 'path' || templated.includes(p.name))
    .map((p) => (p.in === 'path' ? { ...p, required: true } : p));
}

const POSITION = { type: 'string', pattern: '^[0-9]{1,20}$' };

/**
 * The consistency model (README "Consistency model"), the same on every route: reads take a
 * minimum position, writes answer theirs (EnginePositionInterceptor in the kernel).
 */
function declarePositions(method: string, operation: Operation): void {
  if (method === 'get') {
    const declared = new Set((operation.parameters ?? []).map((p) => `${p.in} ${p.name.toLowerCase()}`));
    const wait = 'wait (bounded by READ_WAIT_MS, then 503) until the read model shows this position';
    operation.parameters = [
      ...(operation.parameters ?? []),
      ...(declared.has('header x-engine-min-position')
        ? []
        : [
            {
              in: 'header',
              name: 'X-Engine-Min-Position',
              required: false,
              description: wait,
              schema: POSITION,
            },
          ]),
      ...(declared.has('query minposition')
        ? []
        : [{ in: 'query', name: 'minPosition', required: false, description: wait, schema: POSITION }]),
    ];
    return;
  }
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    if (!/^2\d\d$/.test(status) || typeof response !== 'object' || response === null) continue;
    const withHeaders = response as { headers?: Record<string, unknown> };
    withHeaders.headers = {
      ...withHeaders.headers,
      'X-Engine-Position': {
        description: 'Global position of the write (pass it as minPosition to read it on any engine)',
        schema: POSITION,
      },
    };
  }
}

/** Builds the OpenAPI document and serves it at /docs (UI) and /docs-json. */
export function setupOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Partition lifecycle engine')
    .setDescription(
      'Event-sourced metadata lifecycle for Druid segments, ClickHouse parts, LakeFormation partitions, Doris tablets and CAN materialization plans. ' +
        'Every route except the health, metrics and ping routes needs an API key; each dialect sends it its own way, and every route accepts all of them.',
    )
    .setVersion('0.1.0')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'The API key as a Bearer token (native API, Druid)' },
      'bearer',
    )
    .addBasicAuth(
      {
        type: 'http',
        scheme: 'basic',
        description: 'Any user name, the API key as password (ClickHouse, Doris)',
      },
      'basic',
    )
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-Auth-Token', description: 'LakeFormation (IAM token header)' },
      'xAuthToken',
    )
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-ClickHouse-Key', description: 'ClickHouse' },
      'clickhouseKey',
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'auth-type',
        description: 'CAN: the value APIKEY, sent with auth-value',
      },
      'canAuthType',
    )
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'auth-value', description: 'CAN: the API key' },
      'canAuthValue',
    )
    .addApiKey(
      { type: 'apiKey', in: 'query', name: 'password', description: "ClickHouse's ?password= URL parameter" },
      'clickhousePassword',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config);
  const access = accessByOperation(app);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(item)) {
      const operation = value as Operation;
      if (typeof operation !== 'object' || !operation?.operationId) continue;
      declarePathParameters(path, operation);
      const rule = access.get(operation.operationId.replace(/\[\d+\]$/, ''));
      if (rule?.public) {
        operation.security = [];
        continue;
      }
      operation.security = SECURITY;
      declarePositions(method, operation);
      if (rule?.role) {
        operation['x-required-role'] = rule.role;
        operation.description = `${operation.description ? `${operation.description}\n\n` : ''}Needs a key with the ${rule.role} role or higher.`;
      }
      // Routes outside the five dialects (health, metrics) answer through the native filter.
      const error = ERRORS[dialectOf(path)] ?? ERRORS.native;
      operation.responses = {
        ...operation.responses,
        '401': operation.responses?.['401'] ?? {
          description: 'Missing or unknown API key',
          ...(error ? { content: error.content } : {}),
        },
        ...(error && !operation.responses?.default ? { default: error } : {}),
      };
    }
  }
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return document;
}
