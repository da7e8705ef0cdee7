import fc from 'fast-check';
import {
  type OpenAPIObject,
  type OperationObject,
  type ParameterObject,
  type ReferenceObject,
  type RequestBodyObject,
  type SchemaObject,
} from '@nestjs/swagger';
import { cursor, nextPagesOf } from './cursor-arbitrary.testing';
import {
  anyJson,
  awkwardString,
  type ResolveSchema,
  sometimes,
  valuesFor,
} from './schema-values.testing';
import { type Caller, type FuzzRequest, type Route, type Seen, known } from './model.testing';

export type { Caller, FuzzRequest, Route, Seen } from './model.testing';

export function routesOf(document: OpenAPIObject): Route[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        operation: operation as OperationObject,
      })),
  );
}

export function schemaResolver(document: OpenAPIObject): ResolveSchema {
  return (schema) => {
    const ref = (schema as ReferenceObject).$ref;
    if (ref === undefined) return schema;
    const target = document.components?.schemas?.[ref.replace('#/components/schemas/', '')];
    if (!target) throw new Error(`the document has no ${ref}`);
    return target as SchemaObject;
  };
}

/** Requests for one route: path parameters, query, headers, body and caller all arbitrary. */
export function requestsFor(
  route: Route,
  resolve: ResolveSchema,
  seen: Seen,
): fc.Arbitrary<FuzzRequest> {
  const parameters = (route.operation.parameters ?? []) as ParameterObject[];
  const pathParameters = parameters.filter((p) => p.in === 'path');
  const queryParameters = parameters.filter((p) => p.in === 'query');
  const bodySchema = (route.operation.requestBody as RequestBodyObject | undefined)?.content[
    'application/json'
  ]?.schema;

  const requests = fc
    .record({
      path: fc.tuple(...pathParameters.map(() => pathSegment(seen))),
      query: fc.tuple(...queryParameters.map((p) => sometimes(queryValue(p, resolve, seen), 2))),
      extraQuery: sometimes(fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })), 12),
      headers: headers(seen),
      body: route.method === 'GET' ? fc.constant(undefined) : body(bodySchema, resolve),
      contentType: fc.oneof(
        { arbitrary: fc.constant('application/json'), weight: 9 },
        { arbitrary: fc.constantFrom('text/plain', 'application/json; charset=latin1'), weight: 1 },
      ),
      caller: fc.constantFrom<Caller>('admin', 'admin', 'customer', 'customer', 'nobody', 'forged'),
    })
    .map(({ path, query, extraQuery, headers, body, contentType, caller }) => {
      let url = route.path;
      pathParameters.forEach((p, index) => (url = url.replace(`{${p.name}}`, path[index])));
      const pairs = queryParameters.flatMap((p, index) => {
        const value = query[index];
        return value === null ? [] : value.map((one) => `${p.name}=${percentEncoded(one)}`);
      });
      if (extraQuery) pairs.push(extraQuery.map(percentEncoded).join('='));
      return {
        method: route.method,
        url: pairs.length > 0 ? `${url}?${pairs.join('&')}` : url,
        headers: body === undefined ? headers : { ...headers, 'content-type': contentType },
        body,
        caller,
      };
    });
  if (!queryParameters.some((p) => p.name === 'cursor')) return requests;
  return fc.oneof(
    { arbitrary: requests, weight: 3 },
    { arbitrary: nextPagesOf(route, seen), weight: 1 },
  );
}

/** An id that exists, a UUID that does not, or anything, percent-encoded or raw. */
function pathSegment(seen: Seen): fc.Arbitrary<string> {
  return fc.oneof(
    known(seen.ids),
    fc.uuid(),
    awkwardString().map(percentEncoded),
    fc.constantFrom('%00', '%', '%zz', '..', '%2F', 'a%00b', '%ED%A0%80', '%C3%28', '%FF'),
  );
}

/** Values of one query parameter: usually one, sometimes the parameter repeated. */
function queryValue(
  parameter: ParameterObject,
  resolve: ResolveSchema,
  seen: Seen,
): fc.Arbitrary<string[]> {
  const one =
    parameter.name === 'cursor'
      ? cursor(seen)
      : fc.oneof(
          {
            arbitrary: valuesFor((parameter.schema ?? {}) as SchemaObject, resolve).map(
              asQueryText,
            ),
            weight: 5,
          },
          { arbitrary: awkwardString(), weight: 1 },
        );
  return fc.oneof(
    { arbitrary: one.map((value) => [value]), weight: 8 },
    { arbitrary: fc.array(one, { minLength: 2, maxLength: 2 }), weight: 1 },
  );
}

/** X-Min-Position with a short wait (a long one would only slow the run), and the rest. */
function headers(seen: Seen): fc.Arbitrary<Record<string, string>> {
  const printable = fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
    maxLength: 200,
  });
  return fc
    .record({
      'x-min-position': sometimes(fc.oneof(known(seen.positions), printable)),
      'x-wait-timeout-ms': fc.constantFrom('0', '1', '50', '-1', 'abc', '30001', '1e3', ''),
      'x-correlation-id': sometimes(printable),
      'idempotency-key': sometimes(printable),
    })
    .map((all) => {
      const chosen = Object.entries(all).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      );
      // The wait timeout only travels with a position to wait for.
      return Object.fromEntries(
        chosen.filter(([name]) => name !== 'x-wait-timeout-ms' || all['x-min-position'] !== null),
      );
    });
}

/** A body close to the schema, any JSON, text that is not JSON, or none. */
function body(schema: SchemaObject | ReferenceObject | undefined, resolve: ResolveSchema) {
  const declared = schema ? valuesFor(schema as SchemaObject, resolve) : anyJson();
  return fc.oneof(
    { arbitrary: declared.map((value) => JSON.stringify(value)), weight: 8 },
    { arbitrary: anyJson().map((value) => JSON.stringify(value)), weight: 1 },
    { arbitrary: fc.string({ maxLength: 30 }), weight: 1 },
    {
      arbitrary: fc
        .integer({ min: 1, max: 5000 })
        .map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
      weight: 1,
    },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );
}

/** Like encodeURIComponent, but a lone surrogate goes as U+FFFD instead of throwing. */
function percentEncoded(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

function asQueryText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}
