import { type OpenAPIObject } from '@nestjs/swagger';
import { operationsOf } from './document-walk';

/**
 * An operation's id is its handler's method name (`placeOrder`, `listProducts`), which is what
 * a generated client (openapi-typescript, openapi-generator) names its functions after; Nest's
 * default, `PlaceOrderController_placeOrder`, reads badly there. So handler names say the verb
 * and the resource, and must be unique within an API.
 */
export function operationIdOf(_controllerKey: string, methodKey: string): string {
  return methodKey;
}

/** Two handlers of one API with the same name would give a client two functions of one name. */
export function assertUniqueOperationIds(document: OpenAPIObject): void {
  const seen = new Map<string, string>();
  for (const { path, method, operation } of operationsOf(document)) {
    const id = operation.operationId;
    if (!id) continue;
    const label = `${method.toUpperCase()} ${path}`;
    const first = seen.get(id);
    if (first) {
      throw new Error(`operationId ${id} names both ${first} and ${label}: rename a handler`);
    }
    seen.set(id, label);
  }
}
