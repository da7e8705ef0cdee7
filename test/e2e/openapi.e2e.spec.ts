import {
  type OpenAPIObject,
  type OperationObject,
  type ParameterObject,
  type ReferenceObject,
  type RequestBodyObject,
  type ResponseObject,
  type SchemaObject,
} from '@nestjs/swagger';
import { checkText } from '../../domain/shared/validation';
import { checkCountry, checkEmail, checkPasswordPolicy } from '../../domain/user';
import { type WriteApiUnderTest, startWriteApi } from './write-api.testing';

const PROBLEM_DETAILS_REF = '#/components/schemas/ProblemDetails';
const WRITE_METHODS = ['post', 'put', 'patch', 'delete'] as const;

type Operation = Readonly<{ label: string; path: string; operation: OperationObject }>;

/**
 * The OpenAPI document is what a client generator or a fuzzer (schemathesis) works from, so it
 * must state every answer and every constraint the server enforces.
 */
describe('write API OpenAPI document', () => {
  let api: WriteApiUnderTest;
  let document: OpenAPIObject;
  let operations: Operation[];

  beforeAll(async () => {
    api = await startWriteApi();
    const response = await fetch(`${api.baseUrl}/docs/openapi.json`);
    expect(response.status).toBe(200);
    document = (await response.json()) as OpenAPIObject;
    operations = writeOperations(document);
  });
  afterAll(() => api.close());

  const resolve = <T extends object>(item: T | ReferenceObject): T => {
    if (!('$ref' in item)) return item;
    const name = item.$ref.replace('#/components/schemas/', '');
    const target = document.components?.schemas?.[name];
    if (!target) throw new Error(`unresolvable ${item.$ref}`);
    return target as T;
  };

  /** Every object schema a body can contain: the body's own and those of nested DTOs. */
  const objectSchemasOf = (root: SchemaObject | ReferenceObject): SchemaObject[] => {
    const found: SchemaObject[] = [];
    const visit = (item: SchemaObject | ReferenceObject | undefined): void => {
      if (!item) return;
      const schema = resolve<SchemaObject>(item);
      if (found.includes(schema)) return;
      if (schema.type === 'object' || schema.properties) found.push(schema);
      Object.values(schema.properties ?? {}).forEach(visit);
      schema.allOf?.forEach(visit);
      visit(schema.items);
    };
    visit(root);
    return found;
  };

  const bodySchemaOf = (operation: OperationObject): SchemaObject | ReferenceObject | undefined =>
    operation.requestBody
      ? resolve<RequestBodyObject>(operation.requestBody).content['application/json']?.schema
      : undefined;

  const pathParametersOf = (operation: OperationObject): ParameterObject[] =>
    (operation.parameters ?? [])
      .map((parameter) => resolve<ParameterObject>(parameter))
      .filter((parameter) => parameter.in === 'path');

  it('lists the write operations of every feature', () => {
    const labels = operations.map(({ label }) => label);
    expect(labels).toEqual(
      expect.arrayContaining([
        'POST /api/v1/auth/register',
        'POST /api/v1/auth/login',
        'PATCH /api/v1/products/{id}',
        'POST /api/v1/inventory/{productId}/adjust',
        'POST /api/v1/orders/{id}/pay',
        'DELETE /api/v1/users/me/addresses/{addressId}',
      ]),
    );
    expect(operations.length).toBeGreaterThanOrEqual(20);
  });

  it('declares the success answer of every write operation', () => {
    const withoutSuccess = operations
      .filter(({ operation }) => !Object.keys(operation.responses).some((s) => /^2\d\d$/.test(s)))
      .map(({ label }) => label);
    expect(withoutSuccess).toEqual([]);
  });

  it('declares 400 wherever a body or a path parameter can be invalid', () => {
    const missing = operations
      .filter(({ operation }) => operation.requestBody || pathParametersOf(operation).length > 0)
      .filter(({ operation }) => !operation.responses['400'])
      .map(({ label }) => label);
    expect(missing).toEqual([]);
  });

  it('declares 401 on every authenticated operation', () => {
    const authenticated = operations.filter(({ operation }) =>
      (operation.security ?? []).some((requirement) => 'bearer' in requirement),
    );
    expect(authenticated.length).toBeGreaterThan(10);
    const missing = authenticated
      .filter(({ operation }) => !operation.responses['401'])
      .map(({ label }) => label);
    expect(missing).toEqual([]);
  });

  it('declares 503 with Retry-After on the stock commands, which wait for a new product’s stock record', () => {
    const stockCommands = operations.filter(({ path }) => path.startsWith('/api/v1/inventory/'));
    expect(stockCommands.map(({ label }) => label).sort()).toEqual([
      'POST /api/v1/inventory/{productId}/adjust',
      'POST /api/v1/inventory/{productId}/receive',
      'PUT /api/v1/inventory/{productId}/low-stock-threshold',
    ]);
    const missing = stockCommands
      .filter(({ operation }) => {
        const unavailable = operation.responses['503'];
        return !unavailable || !resolve<ResponseObject>(unavailable).headers?.['Retry-After'];
      })
      .map(({ label }) => label);
    expect(missing).toEqual([]);
  });

  it('serves every error answer as application/problem+json with the ProblemDetails schema', () => {
    expect(document.components?.schemas?.ProblemDetails).toBeDefined();
    const wrong: string[] = [];
    for (const { label, operation } of operations) {
      for (const [status, item] of Object.entries(operation.responses)) {
        if (!item || !/^[45]\d\d$/.test(status)) continue;
        const content = resolve<ResponseObject>(item).content ?? {};
        const schema = content['application/problem+json']?.schema;
        const ok =
          Object.keys(content).length === 1 &&
          schema !== undefined &&
          '$ref' in schema &&
          schema.$ref === PROBLEM_DETAILS_REF;
        if (!ok) wrong.push(`${label} ${status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('closes every request body schema: unknown fields are refused', () => {
    const open: string[] = [];
    for (const { label, operation } of operations) {
      const body = bodySchemaOf(operation);
      if (!body) continue;
      const schemas = objectSchemasOf(body);
      if (schemas.length === 0) open.push(`${label}: no object schema`);
      // An allOf wrapper closes nothing itself (its members do); every schema with fields must.
      for (const schema of schemas) {
        const isWrapper = !schema.properties && schema.allOf !== undefined;
        if (!isWrapper && schema.additionalProperties !== false) open.push(label);
      }
    }
    expect(open).toEqual([]);
  });

  it('declares every id path parameter as a UUID', () => {
    const idParameters = operations.flatMap(({ label, operation }) =>
      pathParametersOf(operation)
        .filter((parameter) => /^id$|Id$/.test(parameter.name))
        .map((parameter) => ({ label, parameter })),
    );
    expect(idParameters.length).toBeGreaterThanOrEqual(10);
    const notUuid = idParameters
      .filter(({ parameter }) => resolve<SchemaObject>(parameter.schema ?? {}).format !== 'uuid')
      .map(({ label, parameter }) => `${label} ${parameter.name}`);
    expect(notUuid).toEqual([]);
  });

  it('states the text rules the domain enforces, so documented-valid data is accepted', () => {
    const schemas = document.components?.schemas ?? {};
    const property = (dto: string, name: string): SchemaObject =>
      resolve<SchemaObject>(resolve<SchemaObject>(schemas[dto]).properties?.[name] ?? {});
    const matches = (schema: SchemaObject, value: string): boolean =>
      new RegExp(schema.pattern ?? '', 'u').test(value) && value.length >= (schema.minLength ?? 0);

    const email = property('RegisterUserDto', 'email');
    const password = property('RegisterUserDto', 'password');
    const name = property('RegisterUserDto', 'name');
    const country = property('AddAddressDto', 'country');
    const samples = [
      '',
      ' ',
      '\u3000\ufeff',
      'a',
      ' a ',
      'a@b.co',
      ' a@b.co\t',
      'a@b',
      'a b@c.de',
      'a@@b.co',
      'a@b..co',
      'passw0rd',
      'password',
      '12345678',
      'pässwört٣',
      'de',
      ' DE ',
      'QQ',
      'D',
    ];
    for (const value of samples) {
      expect([value, matches(email, value)]).toEqual([value, checkEmail(value) === undefined]);
      expect([value, matches(password, value)]).toEqual([
        value,
        checkPasswordPolicy(value) === undefined,
      ]);
      expect([value, matches(name, value)]).toEqual([
        value,
        checkText(value, { max: 100 }) === undefined,
      ]);
      expect([value, matches(country, value)]).toEqual([value, checkCountry(value) === undefined]);
    }
  });
});

function writeOperations(document: OpenAPIObject): Operation[] {
  return Object.entries(document.paths)
    .filter(([path]) => path.startsWith('/api/v1/'))
    .flatMap(([path, item]) =>
      WRITE_METHODS.flatMap((method) => {
        const operation = item[method];
        return operation ? [{ label: `${method.toUpperCase()} ${path}`, path, operation }] : [];
      }),
    );
}
