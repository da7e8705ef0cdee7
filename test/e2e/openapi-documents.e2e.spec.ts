import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type OpenAPIObject,
  type OperationObject,
  type ParameterObject,
  type ReferenceObject,
  type SchemaObject,
} from '@nestjs/swagger';
import { isPosition } from '../../platform/event-store/position-codec';
import { PROBLEM_CONTENT_TYPE } from '../../platform/http';
import { type SystemUnderTest, startSystem } from './system.testing';

const REDOCLY = resolve(__dirname, '../../node_modules/@redocly/cli/bin/cli.js');

type Api = 'write' | 'read';
type Operation = Readonly<{ label: string; method: string; operation: OperationObject }>;
type LintProblem = { ruleId: string; severity: string; message: string; location: unknown[] };

/**
 * What an outside review found wrong in both APIs' OpenAPI documents, each checked here on the
 * documents the running APIs serve. test/e2e/schemathesis.e2e.spec.ts then fuzzes the servers
 * against them.
 */
describe('the OpenAPI documents of both APIs', () => {
  let system: SystemUnderTest;
  const documents = {} as Record<Api, OpenAPIObject>;

  beforeAll(async () => {
    system = await startSystem();
    for (const [api, baseUrl] of Object.entries(baseUrls())) {
      documents[api as Api] = (await (
        await fetch(`${baseUrl}/docs/openapi.json`)
      ).json()) as OpenAPIObject;
    }
  });
  afterAll(() => system?.close());

  const baseUrls = (): Record<Api, string> => ({
    write: system.writeApi.baseUrl,
    read: system.readBaseUrl,
  });
  const operationsOf = (api: Api): Operation[] =>
    Object.entries(documents[api].paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, operation]) => typeof operation === 'object' && 'responses' in operation)
        .map(([method, operation]) => ({
          label: `${method.toUpperCase()} ${path}`,
          method,
          operation: operation as OperationObject,
        })),
    );
  const resolveSchema = (api: Api, item: SchemaObject | ReferenceObject): SchemaObject =>
    '$ref' in item
      ? (documents[api].components!.schemas![item.$ref.split('/').pop()!] as SchemaObject)
      : item;
  const parametersOf = (operation: OperationObject): ParameterObject[] =>
    (operation.parameters ?? []) as ParameterObject[];

  it.each(['write', 'read'] as const)(
    'passes redocly lint with its recommended rules (%s API)',
    async (api) => {
      const problems = await redoclyLint(documents[api]);
      const errors = problems
        .filter(({ severity }) => severity === 'error')
        .map(({ ruleId, message, location }) => ({ ruleId, message, location }));
      expect(errors).toEqual([]);
    },
  );

  it.each(['write', 'read'] as const)(
    'names operations as a generated client wants them, once each (%s API)',
    (api) => {
      const ids = operationsOf(api).map(({ operation }) => operation.operationId);
      expect(ids.filter((id) => !id || !/^[a-z][A-Za-z]+$/.test(id))).toEqual([]);
      expect(new Set(ids).size).toBe(ids.length);
    },
  );

  it('names the commands and queries after what they do', () => {
    const idOf = (api: Api, label: string) =>
      operationsOf(api).find((operation) => operation.label === label)?.operation.operationId;
    expect({
      placeOrder: idOf('write', 'POST /api/v1/orders'),
      registerUser: idOf('write', 'POST /api/v1/auth/register'),
      listProducts: idOf('read', 'GET /api/v1/products'),
      getOrder: idOf('read', 'GET /api/v1/orders/{id}'),
      checkReadiness: idOf('read', 'GET /health/ready'),
    }).toEqual({
      placeOrder: 'placeOrder',
      registerUser: 'registerUser',
      listProducts: 'listProducts',
      getOrder: 'getOrder',
      checkReadiness: 'checkReadiness',
    });
  });

  it.each(['write', 'read'] as const)(
    'says which operations are public and where the API answers (%s API)',
    (api) => {
      expect(documents[api].servers).toEqual([expect.objectContaining({ url: '/' })]);
      const undeclared = operationsOf(api)
        .filter(({ operation }) => operation.security === undefined)
        .map(({ label }) => label);
      expect(undeclared).toEqual([]);
      const publicOperations = operationsOf(api)
        // `[]`, or `{}` among the choices (a token is optional): callable without credentials.
        .filter(({ operation }) => {
          const choices = operation.security ?? [];
          return choices.length === 0 || choices.some((choice) => Object.keys(choice).length === 0);
        })
        .map(({ label }) => label);
      const anyones = { write: 'POST /api/v1/auth/login', read: 'GET /api/v1/products' };
      expect(publicOperations).toEqual(
        expect.arrayContaining(['GET /health/live', 'GET /health/ready', anyones[api]]),
      );
    },
  );

  it('declares X-Min-Position with exactly the shape the read API accepts', () => {
    const headers = operationsOf('read').flatMap(({ operation }) =>
      parametersOf(operation).filter(({ name }) => name === 'X-Min-Position'),
    );
    expect(headers.length).toBeGreaterThanOrEqual(10);
    const samples = [
      '00000000000000000042-00000000000000000007',
      '42',
      '',
      '0000000000000000004200000000000000000007',
      '00000000000000000042-0000000000000000007',
      '٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٤٢-00000000000000000007',
    ];
    for (const { schema } of headers) {
      const pattern = new RegExp((schema as SchemaObject).pattern ?? '', 'u');
      expect(samples.map((sample) => pattern.test(sample))).toEqual(samples.map(isPosition));
    }
  });

  it.each(['write', 'read'] as const)(
    'says on every string a body or query carries that NUL is refused (%s API)',
    (api) => {
      const open: string[] = [];
      const visit = (label: string, item: SchemaObject | ReferenceObject | undefined): void => {
        if (!item) return;
        const schema = resolveSchema(api, item);
        if (schema.type === 'string' && !schema.enum && !schema.format) {
          const pattern =
            schema.pattern === undefined ? undefined : new RegExp(schema.pattern, 'u');
          if (!pattern || pattern.test('a\u0000b') || pattern.test('\u0000')) open.push(label);
        }
        for (const [name, property] of Object.entries(schema.properties ?? {})) {
          visit(`${label}.${name}`, property);
        }
        visit(`${label}[]`, schema.items);
      };
      for (const { label, operation } of operationsOf(api)) {
        for (const parameter of parametersOf(operation)) {
          if (parameter.in === 'query') visit(`${label} ?${parameter.name}`, parameter.schema);
        }
        const body = operation.requestBody as {
          content?: Record<string, { schema?: SchemaObject }>;
        };
        visit(`${label} body`, body?.content?.['application/json']?.schema);
      }
      expect(open).toEqual([]);
    },
  );

  it('offers Idempotency-Key, with its 422 for another body, on exactly the writes that honour it', () => {
    const writes = operationsOf('write').filter(({ label }) => label.includes(' /api/v1/'));
    const offering = writes.filter(({ operation }) =>
      parametersOf(operation).some(({ name }) => name === 'Idempotency-Key'),
    );
    expect(
      writes
        .filter((write) => !offering.includes(write))
        .map(({ label }) => label)
        .sort(),
    ).toEqual(['POST /api/v1/auth/login', 'POST /api/v1/auth/refresh']);
    expect(
      offering.filter(({ operation }) => !operation.responses['422']).map(({ label }) => label),
    ).toEqual([]);
  });

  it.each(['write', 'read'] as const)(
    'declares X-Correlation-Id without a length limit the server does not enforce (%s API)',
    async (api) => {
      const declared = operationsOf(api).flatMap(({ operation }) =>
        parametersOf(operation).filter(({ name }) => name === 'X-Correlation-Id'),
      );
      expect(declared.map(({ schema }) => (schema as SchemaObject).maxLength)).toEqual(
        declared.map(() => undefined),
      );
      const long = 'x'.repeat(300);
      const response = await fetch(`${baseUrls()[api]}/health/live`, {
        headers: { 'X-Correlation-Id': long },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    },
  );

  it.each([
    ['read', 'PUT', '/api/v1/products', 'GET, HEAD'],
    ['read', 'DELETE', '/api/v1/orders/8a2b0c7e-4b8e-4f0e-9a35-0c1f1f1f1f1f', 'GET, HEAD'],
    ['write', 'GET', '/api/v1/orders', 'POST'],
    ['write', 'DELETE', '/api/v1/orders/8a2b0c7e-4b8e-4f0e-9a35-0c1f1f1f1f1f/pay', 'POST'],
  ] as const)(
    'answers a method the path does not have with 405 and Allow (%s API, %s %s)',
    async (api, method, path, allow) => {
      const response = await fetch(`${baseUrls()[api]}${path}`, { method });
      expect({
        status: response.status,
        allow: response.headers.get('allow'),
        contentType: response.headers.get('content-type'),
        type: ((await response.json()) as { type: string }).type,
      }).toEqual({
        status: 405,
        allow,
        contentType: PROBLEM_CONTENT_TYPE,
        type: 'https://shopstream.dev/problems/method-not-allowed',
      });
    },
  );

  it.each(['write', 'read'] as const)(
    'still answers 404 for a path that does not exist (%s API)',
    async (api) => {
      const response = await fetch(`${baseUrls()[api]}/api/v1/no-such-thing`, { method: 'DELETE' });
      expect(response.status).toBe(404);
    },
  );

  it('refuses a malformed X-Wait-Timeout-Ms also without X-Min-Position, as declared', async () => {
    const response = await system.read('GET', '/categories', {
      headers: { 'X-Wait-Timeout-Ms': 'soon' },
    });
    expect({ status: response.status, fields: response.body?.errors }).toEqual({
      status: 400,
      fields: [{ field: 'X-Wait-Timeout-Ms', message: expect.any(String) }],
    });
  });
});

/** `redocly lint` (its recommended rules) on one document, through the installed CLI. */
async function redoclyLint(document: OpenAPIObject): Promise<LintProblem[]> {
  const folder = mkdtempSync(join(tmpdir(), 'shopstream-redocly-'));
  try {
    const file = join(folder, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    const output = await new Promise<string>((done, fail) => {
      const child = spawn(process.execPath, [REDOCLY, 'lint', file, '--format=json'], {
        cwd: folder,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const chunks: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
      child.on('error', fail);
      child.on('close', () => done(Buffer.concat(chunks).toString('utf8')));
    });
    return (JSON.parse(output) as { problems: LintProblem[] }).problems;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
