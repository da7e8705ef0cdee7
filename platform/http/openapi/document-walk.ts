import { type OpenAPIObject } from '@nestjs/swagger';
import {
  type OperationObject,
  type ReferenceObject,
  type SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** Every operation of the document with its lower-case method and its path. */
export function operationsOf(
  document: OpenAPIObject,
): Array<{ path: string; method: string; operation: OperationObject }> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    (Object.entries(item) as Array<[string, OperationObject]>)
      // A path item also holds `parameters`, `summary` and the like beside its operations.
      .filter(([, operation]) => typeof operation === 'object' && 'responses' in operation)
      .map(([method, operation]) => ({ path, method, operation })),
  );
}

/** The schema itself, or the component a `#/components/schemas/…` reference points at. */
export function resolveSchema(
  document: OpenAPIObject,
  item: SchemaObject | ReferenceObject,
): SchemaObject | undefined {
  if (!('$ref' in item)) return item;
  return document.components?.schemas?.[item.$ref.replace('#/components/schemas/', '')] as
    SchemaObject | undefined;
}
