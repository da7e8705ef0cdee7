import { startWriteApi, type WriteApiUnderTest } from './write-api.testing';

describe('write API process', () => {
  let api: WriteApiUnderTest;
  beforeAll(async () => {
    api = await startWriteApi();
  });
  afterAll(() => api.close());

  it('is live and ready against its real event store and Redis', async () => {
    const live = await fetch(`${api.baseUrl}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${api.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      checks: { eventStore: { status: 'ok' }, coordination: { status: 'ok' } },
    });
  });

  it('answers unknown routes with problem+json', async () => {
    const response = await api.request('POST', '/nowhere', { body: {} });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });
});
