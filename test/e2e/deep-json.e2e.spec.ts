import { MAX_JSON_DEPTH } from '../../platform/http/json-depth';
import { expectProblem } from './accounts.testing';
import { accessTokenFor } from './tokens.testing';
import { type WriteApiUnderTest, startWriteApi } from './write-api.testing';

/** `{"z":[[…]]}` nested `depth` levels, the object included (3,000 levels is about 6 KB). */
const nestedBody = (depth: number) => `{"z":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

/**
 * Deeply nested JSON used to overflow the stack of the recursive NUL check: a 500, with no
 * login, on every write route (issue 10, item 2). Now the depth is capped before parsing.
 */
describe('deeply nested JSON bodies', () => {
  let api: WriteApiUnderTest;
  let customer: string;
  beforeAll(async () => {
    api = await startWriteApi();
    customer = await accessTokenFor(api, { roles: ['customer'] });
  });
  afterAll(() => api.close());

  const post = (path: string, rawBody: string, token?: string) =>
    api.request('POST', path, { rawBody, token });

  it.each([
    ['/auth/login', undefined],
    ['/auth/register', undefined],
    ['/orders', 'customer'],
  ])('3,000 levels on POST %s are a 400 naming the body, and append nothing', async (path, who) => {
    const before = await api.eventStore.headPosition();
    const response = await post(path, nestedBody(3000), who ? customer : undefined);
    expectProblem(response, 400, 'validation', ['body']);
    expect(response.body.errors[0].message).toContain(`deeper than ${MAX_JSON_DEPTH} levels`);
    expect(await api.eventStore.headPosition()).toBe(before);
  });

  it(`${MAX_JSON_DEPTH} levels pass the depth check and reach DTO validation`, async () => {
    const response = await post('/auth/login', nestedBody(MAX_JSON_DEPTH));
    expectProblem(response, 400, 'validation');
    const fields = (response.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toContain('z');
    expect(fields).not.toContain('body');
    expectProblem(await post('/auth/login', nestedBody(MAX_JSON_DEPTH + 1)), 400, 'validation', [
      'body',
    ]);
  });
});
