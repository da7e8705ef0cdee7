import { type OpenAPIObject } from '@nestjs/swagger';
import { assertUniqueOperationIds, operationIdOf } from './operation-ids';

describe('operationIds', () => {
  const documentWith = (ids: Record<string, string>): OpenAPIObject => ({
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: Object.fromEntries(
      Object.entries(ids).map(([path, operationId]) => [
        path,
        { get: { operationId, responses: { 200: { description: 'ok' } } } },
      ]),
    ),
  });

  it('is the handler method name, not Nest’s Controller_method default', () => {
    expect(operationIdOf('PlaceOrderController', 'placeOrder')).toBe('placeOrder');
  });

  it('refuses to build a document in which two handlers share a name, naming both', () => {
    expect(() => assertUniqueOperationIds(documentWith({ '/a': 'list', '/b': 'list' }))).toThrow(
      'operationId list names both GET /a and GET /b: rename a handler',
    );
    expect(() =>
      assertUniqueOperationIds(documentWith({ '/a': 'listA', '/b': 'listB' })),
    ).not.toThrow();
  });
});
