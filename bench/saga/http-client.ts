import { Agent, request } from 'node:http';

/**
 * A small JSON client on node:http with keep-alive sockets, one per API: cheaper per request than
 * fetch, so the load generator and the poller take little CPU from the system under test.
 */
export type JsonResponse = Readonly<{ status: number; body: unknown; text: string }>;

export type RequestOptions = Readonly<{
  body?: unknown;
  token?: string;
  timeoutMs?: number;
}>;

export class JsonClient {
  private readonly agent: Agent;

  constructor(
    readonly baseUrl: string,
    maxSockets: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  send(method: string, path: string, options: RequestOptions = {}): Promise<JsonResponse> {
    const url = new URL(path, this.baseUrl);
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          agent: this.agent,
          headers: {
            ...(payload === undefined
              ? {}
              : {
                  'content-type': 'application/json',
                  'content-length': Buffer.byteLength(payload),
                }),
            ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          },
          timeout: options.timeoutMs ?? 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, body: parse(text), text });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${url.pathname} timed out`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Like `send`, but anything other than `status` is an error carrying the answer. */
  async expect(
    status: number,
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<Record<string, unknown>> {
    const response = await this.send(method, path, options);
    if (response.status !== status) {
      throw new Error(
        `${method} ${path}: expected ${status}, got ${response.status}: ${response.text}`,
      );
    }
    return response.body as Record<string, unknown>;
  }

  close(): void {
    this.agent.destroy();
  }
}

function parse(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
