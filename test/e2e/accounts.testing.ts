import { randomUUID } from 'node:crypto';
import { parseRefreshToken } from '../../platform/auth/refresh-token';
import { PROBLEM_BASE_URI } from '../../platform/http';
import { type TestResponse, type WriteApiUnderTest } from './write-api.testing';

/** Accounts made through the real /auth routes, for the auth and users e2e suites. */
export const PASSWORD = 'correct horse 1';

export type TokenPair = {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
};

export type Account = Readonly<{
  userId: string;
  email: string;
  password: string;
  tokens: TokenPair;
}>;

export const uniqueEmail = (tag = 'user'): string => `${tag}-${randomUUID()}@example.com`;

export async function register(
  api: WriteApiUnderTest,
  email = uniqueEmail(),
  password = PASSWORD,
): Promise<{ userId: string; email: string; password: string; position: string }> {
  const response = await api.request('POST', '/auth/register', {
    body: { email, password, name: 'Test User' },
  });
  expect({ status: response.status, body: response.body }).toMatchObject({ status: 201 });
  return { ...(response.body as { userId: string; position: string }), email, password };
}

export async function logIn(
  api: WriteApiUnderTest,
  email: string,
  password = PASSWORD,
): Promise<TokenPair> {
  const response = await api.request('POST', '/auth/login', { body: { email, password } });
  expect({ status: response.status, body: response.body }).toMatchObject({ status: 200 });
  return response.body as TokenPair;
}

/** Registered and logged in. */
export async function signUp(api: WriteApiUnderTest, email = uniqueEmail()): Promise<Account> {
  const { userId, password } = await register(api, email);
  return { userId, email, password, tokens: await logIn(api, email, password) };
}

/** A problem+json answer of this status and type; `fields`, when given, are exactly the fields named. */
export function expectProblem(
  response: TestResponse,
  status: number,
  type: string,
  fields?: string[],
): void {
  expect({ status: response.status, type: response.body?.type }).toEqual({
    status,
    type: PROBLEM_BASE_URI + type,
  });
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  if (fields) {
    const named = (response.body.errors as Array<{ field: string }>).map((e) => e.field);
    expect([...new Set(named)].sort()).toEqual([...fields].sort());
  }
}

export function jwtPayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

export async function eventTypes(api: WriteApiUnderTest, stream: string): Promise<string[]> {
  return (await api.eventStore.readStream(stream)).map((event) => event.type);
}

/** Every stored event of these types, across streams (each suite has a database of its own). */
export async function allEventsOfType(
  api: WriteApiUnderTest,
  ...types: string[]
): Promise<Array<{ streamName: string; data: Record<string, unknown> }>> {
  const found: Array<{ streamName: string; data: Record<string, unknown> }> = [];
  for await (const batch of api.eventStore.readAll({ filter: { eventTypes: types } })) {
    for (const event of batch)
      found.push({ streamName: event.streamName, data: { ...event.data } });
  }
  return found;
}

export const familyOf = (refreshToken: string): string => parseRefreshToken(refreshToken)!.familyId;

/** Metadata for events a test appends directly, as if left by some earlier process. */
export const storedMetadata = (occurredAt: string) => ({
  correlationId: randomUUID(),
  causationId: randomUUID(),
  userId: null,
  occurredAt,
  schemaVersion: 1,
});
