import { type ChildProcess, execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import {
  findNginx,
  type GatewaySetup,
  prepareGateway,
  startGateway,
  testConfig,
} from './gateway-nginx';

/**
 * The gateway's routing and rate limit, proven on a real nginx in front of two stand-in APIs
 * that say who answered. The stand-ins replace only what sits behind nginx; nginx and its
 * config are the ones compose runs.
 */
const nginx = findNginx();
if (!nginx) {
  console.warn(
    'SKIPPED gateway tests: nginx is not installed (apt-get install nginx-light), so deploy/nginx/gateway.conf is untested',
  );
}
const describeWithNginx = nginx ? describe : describe.skip;

type Seen = { api: string; method: string; url: string; forwardedFor?: string };

function standInApi(api: string): Promise<Server> {
  const server = createServer((request, response) => {
    const seen: Seen = {
      api,
      method: request.method ?? '',
      url: request.url ?? '',
      forwardedFor: request.headers['x-forwarded-for'] as string | undefined,
    };
    request.resume();
    request.on('end', () => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(seen));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const portOf = (server: Server) => (server.address() as AddressInfo).port;

describeWithNginx('the nginx gateway (deploy/nginx/gateway.conf)', () => {
  let writeApi: Server;
  let readApi: Server;
  let setup: GatewaySetup;
  let gateway: ChildProcess;
  let base: string;

  beforeAll(async () => {
    writeApi = await standInApi('write');
    readApi = await standInApi('read');
    setup = await prepareGateway(
      `upstream write_api { server 127.0.0.1:${portOf(writeApi)}; }\n` +
        `upstream read_api { server 127.0.0.1:${portOf(readApi)}; }\n`,
    );
    gateway = await startGateway(nginx as string, setup);
    base = `http://127.0.0.1:${setup.port}`;
  });

  afterAll(async () => {
    gateway?.kill('SIGQUIT');
    await new Promise((resolve) => gateway?.once('exit', resolve));
    await new Promise((resolve) => writeApi?.close(resolve));
    await new Promise((resolve) => readApi?.close(resolve));
    if (setup) execFileSync('rm', ['-rf', setup.dir]);
  });

  async function whoAnswers(method: string, pathAndQuery: string): Promise<Seen> {
    const response = await fetch(`${base}${pathAndQuery}`, {
      method,
      body: method === 'GET' || method === 'HEAD' ? undefined : '{}',
    });
    return (await response.json()) as Seen;
  }

  it('passes nginx -t', () => {
    expect(testConfig(nginx as string, setup)).toMatchObject({ status: 0 });
  });

  it('fails nginx -t without the upstreams it needs, so the check above can fail', async () => {
    const bare = await prepareGateway('');
    const result = testConfig(nginx as string, bare);
    execFileSync('rm', ['-rf', bare.dir]);
    expect(result.status).not.toBe(0);
    expect(result.out).toMatch(/write_api|read_api/);
  });

  it('sends GET of /api/v1/* to the read API, unchanged', async () => {
    expect(await whoAnswers('GET', '/api/v1/products?q=lamp')).toMatchObject({
      api: 'read',
      method: 'GET',
      url: '/api/v1/products?q=lamp',
    });
  });

  it('sends every other method on /api/v1/* to the write API', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(await whoAnswers(method, '/api/v1/orders/o-1')).toMatchObject({
        api: 'write',
        method,
        url: '/api/v1/orders/o-1',
      });
    }
  });

  it('sends GETs outside /api/v1 to the write API', async () => {
    expect(await whoAnswers('GET', '/health/ready')).toMatchObject({ api: 'write' });
    expect(await whoAnswers('GET', '/api/v10/x')).toMatchObject({ api: 'write' });
  });

  it("serves each API's own pages under its prefix, and /docs links both", async () => {
    expect(await whoAnswers('GET', '/read-api/docs')).toMatchObject({ api: 'read', url: '/docs' });
    expect(await whoAnswers('GET', '/write-api/docs/openapi.json')).toMatchObject({
      api: 'write',
      url: '/docs/openapi.json',
    });
    const docs = await (await fetch(`${base}/docs`)).text();
    expect(docs).toContain('href="/write-api/docs"');
    expect(docs).toContain('href="/read-api/docs"');
  });

  it('tells the APIs the client address', async () => {
    expect(await whoAnswers('GET', '/api/v1/products')).toMatchObject({
      forwardedFor: '127.0.0.1',
    });
  });

  it('refuses a body past its backstop with problem+json, and leaves 1 MiB to the API', async () => {
    const atApiLimit = await fetch(`${base}/api/v1/products`, {
      method: 'POST',
      body: 'x'.repeat(1024 * 1024 + 1),
    });
    expect(await atApiLimit.json()).toMatchObject({ api: 'write' });
    const huge = await fetch(`${base}/api/v1/products`, {
      method: 'POST',
      body: 'x'.repeat(3 * 1024 * 1024),
    });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toBe('application/problem+json');
    expect(await huge.json()).toMatchObject({
      type: 'https://shopstream.dev/problems/payload-too-large',
      status: 413,
    });
  });

  // Last: it spends this client's whole burst.
  it('answers 429 problem+json once one client sends more than its burst at once', async () => {
    const responses = await Promise.all(
      Array.from({ length: 120 }, () =>
        fetch(`${base}/api/v1/products`).then(async (response) => ({
          status: response.status,
          type: response.headers.get('content-type'),
          retryAfter: response.headers.get('retry-after'),
          body: (await response.json()) as { type?: string },
        })),
      ),
    );
    expect(new Set(responses.map((response) => response.status))).toEqual(new Set([200, 429]));
    const refused = responses.find((response) => response.status === 429);
    expect(refused).toMatchObject({
      type: 'application/problem+json',
      retryAfter: '1',
      body: { type: 'https://shopstream.dev/problems/rate-limited', status: 429 },
    });
  });
});

describeWithNginx('the nginx gateway with no API instance up', () => {
  let setup: GatewaySetup;
  let gateway: ChildProcess;

  beforeAll(async () => {
    // Port 1 on loopback: nothing listens there, so every proxied request is refused.
    setup = await prepareGateway(
      'upstream write_api { server 127.0.0.1:1; }\nupstream read_api { server 127.0.0.1:1; }\n',
    );
    gateway = await startGateway(nginx as string, setup);
  });

  afterAll(async () => {
    gateway?.kill('SIGQUIT');
    await new Promise((resolve) => gateway?.once('exit', resolve));
    if (setup) execFileSync('rm', ['-rf', setup.dir]);
  });

  it('answers 503 problem+json with Retry-After, not an HTML 502', async () => {
    const response = await fetch(`http://127.0.0.1:${setup.port}/api/v1/products`);
    expect({
      status: response.status,
      type: response.headers.get('content-type'),
      retryAfter: response.headers.get('retry-after'),
      body: await response.json(),
    }).toMatchObject({
      status: 503,
      type: 'application/problem+json',
      retryAfter: '5',
      body: { type: 'https://shopstream.dev/problems/service-unavailable', status: 503 },
    });
  });
});
