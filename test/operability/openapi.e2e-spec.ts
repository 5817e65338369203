import Ajv from 'ajv';
import { startEngine, TestEngine } from '../support/engine-harness';

interface Operation {
  operationId?: string;
  summary?: string;
  parameters?: { in: string; name: string; required?: boolean }[];
  requestBody?: { content?: Record<string, { schema?: object }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: object }> }>;
  security?: Record<string, string[]>[];
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas?: Record<string, object>; securitySchemes?: Record<string, object> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head'];
/** Operations whose body the server reads as text or form rather than JSON are still documented. */
const BODY_METHODS = ['post', 'put', 'patch'];

/**
 * Checks an OpenAPI 3 document for what an API client needs: summaries, declared path
 * parameters, request and response schemas that compile, and the auth schemes. Returns the problems.
 */
export function openApiProblems(document: Document, bodyless: (operationId: string) => boolean): string[] {
  const problems: string[] = [];
  if (!/^3\.\d+\.\d+$/.test(document.openapi)) problems.push(`openapi version ${document.openapi}`);
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const compiles = (where: string, schema: object | undefined) => {
    if (!schema) return problems.push(`${where}: no schema`);
    try {
      ajv.compile({ ...schema, components: document.components });
    } catch (error) {
      problems.push(`${where}: schema does not compile: ${(error as Error).message}`);
    }
  };
  const schemes = Object.keys(document.components.securitySchemes ?? {});
  for (const [path, item] of Object.entries(document.paths)) {
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const at = `${method.toUpperCase()} ${path}`;
      if (!op.summary) problems.push(`${at}: no summary`);
      const declared = (op.parameters ?? []).filter((p) => p.in === 'path');
      for (const name of templated)
        if (!declared.some((p) => p.name === name && p.required))
          problems.push(`${at}: path parameter {${name}} not declared`);
      for (const p of declared)
        if (!templated.includes(p.name))
          problems.push(`${at}: declares path parameter ${p.name} not in the path`);
      if (BODY_METHODS.includes(method) && !bodyless(op.operationId ?? '')) {
        const content = Object.entries(op.requestBody?.content ?? {});
        if (content.length === 0) problems.push(`${at}: no request body schema`);
        for (const [type, media] of content) compiles(`${at} request ${type}`, media.schema);
      }
      const success = Object.entries(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
      const documented = success.flatMap(([status, r]) =>
        Object.entries(r.content ?? {}).map(([type, media]) => ({ status, type, media })),
      );
      // 204 and "200 with an empty body" still say so with a content-less response object.
      if (success.length === 0) problems.push(`${at}: no success response`);
      else if (documented.length === 0 && !success.some(([status]) => status === '204'))
        problems.push(`${at}: no response schema`);
      for (const { status, type, media } of documented) compiles(`${at} ${status} ${type}`, media.schema);
      if (!op.security) problems.push(`${at}: no security requirement (public routes say [])`);
      if (op.security?.length && !op.responses?.default?.content)
        problems.push(`${at}: no error response schema (default)`);
      for (const requirement of op.security ?? [])
        for (const name of Object.keys(requirement))
          if (!schemes.includes(name)) problems.push(`${at}: unknown security scheme ${name}`);
    }
  }
  return problems;
}

describe('OpenAPI document', () => {
  let engine: TestEngine;
  let document: Document;
  beforeAll(async () => {
    engine = await startEngine();
    document = (await engine.request('GET', '/docs-json', { key: null })).json as Document;
  });
  afterAll(() => engine.close());

  // Body-less by design: the command is in the path or the query string.
  const BODYLESS = new Set([
    'DruidDatasourcesController_markSegmentUsed',
    'DruidDatasourcesController_markSegmentUsedById',
    'DruidDatasourcesController_markAllUsed',
    'DorisCompactionController_run',
    'ProjectionsController_rebuild',
    'TabletsController_start',
  ]);

  it('describes every route completely', () => {
    expect(openApiProblems(document, (id) => BODYLESS.has(id))).toEqual([]);
  });

  it('names every auth scheme the dialects use and requires one of them on every non-public route', () => {
    const schemes = document.components.securitySchemes as Record<
      string,
      { type: string; name?: string; scheme?: string }
    >;
    const described = Object.values(schemes).map((s) => s.name ?? s.scheme);
    expect(described).toEqual(
      expect.arrayContaining([
        'bearer',
        'basic',
        'X-Auth-Token',
        'X-ClickHouse-Key',
        'auth-type',
        'auth-value',
      ]),
    );
    expect(document.paths['/health/live'].get.security).toEqual([]);
    expect(document.paths['/druid/coordinator/v1/metadata/datasources'].get.security).toContainEqual({
      bearer: [],
    });
    expect(document.paths['/engine/v1/projections/{name}/rebuild'].post.security).toContainEqual({
      canAuthType: [],
      canAuthValue: [],
    });
  });

  it('finds a route without a response schema or with an undeclared path parameter', () => {
    const broken: Document = JSON.parse(JSON.stringify(document)) as Document;
    const op = broken.paths['/engine/v1/projections/{name}/rebuild'].post;
    op.parameters = [];
    op.responses = { '200': { description: 'ok' } };
    const problems = openApiProblems(broken, () => true);
    expect(problems).toContain(
      'POST /engine/v1/projections/{name}/rebuild: path parameter {name} not declared',
    );
    expect(problems).toContain('POST /engine/v1/projections/{name}/rebuild: no response schema');
  });
});
