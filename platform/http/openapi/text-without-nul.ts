import { type OpenAPIObject } from '@nestjs/swagger';
import {
  type ParameterObject,
  type ReferenceObject,
  type SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { operationsOf, resolveSchema } from './document-walk';

/**
 * validation.ts refuses U+0000 in every body, path and query string (PostgreSQL text cannot hold
 * it). The document says so on every such string, in one place rather than per DTO field, so a
 * client generator or fuzzer never builds a documented-valid value the server refuses.
 */
export const WITHOUT_NUL = '^[^\\u0000]*$';

/**
 * The pattern a string must match to be accepted: `pattern` (anchored or not, as the field
 * declares it) and no NUL anywhere. A lookahead keeps the field's own rule untouched, since
 * OpenAPI allows one pattern per schema.
 */
export function withoutNul(pattern: string | undefined): string {
  return pattern === undefined ? WITHOUT_NUL : `^(?![\\s\\S]*\\u0000)[\\s\\S]*?(?:${pattern})`;
}

/** Applies `withoutNul` to every string of every request body, path and query parameter. */
export function declareNulRefusal(document: OpenAPIObject): void {
  const done = new Set<SchemaObject>();
  const visit = (item: SchemaObject | ReferenceObject | undefined): void => {
    if (!item) return;
    const schema = resolveSchema(document, item);
    if (!schema || done.has(schema)) return;
    done.add(schema);
    // An enum or a format (uuid, date-time) already rules NUL out.
    if (schema.type === 'string' && !schema.enum && !schema.format) {
      schema.pattern = withoutNul(schema.pattern);
    }
    Object.values(schema.properties ?? {}).forEach(visit);
    [schema.items, ...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]
      .filter((member) => member !== undefined)
      .forEach(visit);
  };
  for (const { operation } of operationsOf(document)) {
    for (const parameter of (operation.parameters ?? []) as ParameterObject[]) {
      if (parameter.in === 'path' || parameter.in === 'query') visit(parameter.schema);
    }
    const body = operation.requestBody;
    if (body && !('$ref' in body)) {
      for (const media of Object.values(body.content)) visit(media.schema);
    }
  }
}
