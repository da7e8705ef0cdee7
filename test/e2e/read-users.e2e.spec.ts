import { randomUUID } from 'node:crypto';
import { type Account, expectProblem, signUp } from './accounts.testing';
import { type SystemUnderTest, startSystem } from './system.testing';
import { accessTokenFor } from './tokens.testing';

/** The parts of the read API's OpenAPI document these assertions look at. */
type OpenApiDocument = {
  paths: Record<
    string,
    Record<string, { parameters?: Array<{ name: string }>; responses: Record<string, unknown> }>
  >;
  components: { schemas: Record<string, { properties: Record<string, unknown> }> };
};

describe('users read API (GET /users/me)', () => {
  let system: SystemUnderTest;

  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(() => system?.close());

  const me = (account: Account, position?: string) =>
    system.read('GET', '/users/me', {
      token: account.tokens.accessToken,
      headers: position ? { 'x-min-position': position } : {},
    });

  async function write(
    method: string,
    path: string,
    account: Account,
    body?: unknown,
  ): Promise<{ position: string; addressId?: string }> {
    const response = await system.write(method, path, { token: account.tokens.accessToken, body });
    expect({ path, status: response.status }).toEqual({
      path,
      status: method === 'POST' ? 201 : 200,
    });
    return response.body;
  }

  it('shows the profile of a user who just registered', async () => {
    const email = `Reader-${randomUUID()}@Example.com`;
    const account = await signUp(system.writeApi, email);
    const head = await system.eventStore.headPosition();

    const response = await me(account, head);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-consistent')).toBe('true');
    expect(response.body).toEqual({
      userId: account.userId,
      email,
      name: 'Test User',
      roles: ['customer'],
      addresses: [],
      notificationPreferences: { orderUpdates: true, marketing: false },
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(response.text).not.toMatch(/password|hash/i);
  });

  it('reflects a rename, addresses added and removed, and new preferences', async () => {
    const account = await signUp(system.writeApi);
    await write('PATCH', '/users/me', account, { name: 'Dana Reader' });
    const home = await write('POST', '/users/me/addresses', account, {
      label: 'Home',
      line1: '1 Main St',
      city: 'Berlin',
      postalCode: '10115',
      country: 'de',
    });
    const work = await write('POST', '/users/me/addresses', account, {
      line1: '5 Office Rd',
      line2: 'Floor 3',
      city: 'Paris',
      postalCode: '75001',
      country: 'FR',
    });
    const withBoth = await me(account, work.position);
    expect(withBoth.body.addresses.map((a: { addressId: string }) => a.addressId)).toEqual([
      home.addressId,
      work.addressId,
    ]);

    await write('DELETE', `/users/me/addresses/${home.addressId}`, account);
    const { position } = await write('PUT', '/users/me/notification-preferences', account, {
      orderUpdates: false,
      marketing: true,
    });

    const response = await me(account, position);
    expect(response.headers.get('x-consistent')).toBe('true');
    expect(response.body).toMatchObject({
      userId: account.userId,
      name: 'Dana Reader',
      addresses: [
        {
          addressId: work.addressId,
          line1: '5 Office Rd',
          line2: 'Floor 3',
          city: 'Paris',
          postalCode: '75001',
          country: 'FR',
        },
      ],
      notificationPreferences: { orderUpdates: false, marketing: true },
    });
  });

  it('answers 404 for a valid token whose user the read model does not know', async () => {
    const token = await accessTokenFor(system.writeApi, { roles: ['customer'] });
    const response = await system.read('GET', '/users/me', { token });
    expectProblem(response, 404, 'not-found');
  });

  it('needs a bearer token', async () => {
    expectProblem(await system.read('GET', '/users/me'), 401, 'unauthorized');
  });

  it('documents the route and its answer in the OpenAPI document', async () => {
    const document = (await (
      await fetch(`${system.readBaseUrl}/docs/openapi.json`)
    ).json()) as OpenApiDocument;
    expect(Object.keys(document.paths['/api/v1/users/me'].get.responses)).toEqual(
      expect.arrayContaining(['200', '401', '404']),
    );
    expect(Object.keys(document.components.schemas.UserProfileResponse.properties)).toEqual([
      'userId',
      'email',
      'name',
      'roles',
      'addresses',
      'notificationPreferences',
      'createdAt',
    ]);
  });
});
