import { randomUUID } from 'node:crypto';
import { oneLine } from '../text-output';

/** One of the two APIs seed talks to, by base URL (`http://127.0.0.1:3000`, or a gateway). */
export type ApiClient = Readonly<{
  /** Sends one request to `/api/v1<path>` and answers its JSON body; any other status throws. */
  call<T = Record<string, unknown>>(request: ApiRequest): Promise<Answer<T>>;
}>;

export type ApiRequest = Readonly<{
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** The statuses that are an answer rather than a failure (default: any 2xx). */
  accept?: readonly number[];
}>;

export type Answer<T> = Readonly<{ status: number; body: T; headers: Headers }>;

export type ApiClientOptions = Readonly<{
  baseUrl: string;
  /** "write API", "read API": said in errors. */
  name: string;
  /** Told before each wait a 429 or 503 asks for, so the progress can show it. */
  onWait(message: string): void;
  /** Waits in a row on one request before giving up (default 30: minutes of rate limiting). */
  maxWaits?: number;
  sleep?: (ms: number) => Promise<void>;
}>;

/** Without Retry-After (nginx's limit_req sends none) a refused request waits this long. */
const DEFAULT_WAIT_SECONDS = 1;
/** A longer Retry-After is waited in steps of this, so a run never stalls on one bogus header. */
const MAX_WAIT_SECONDS = 60;

/**
 * A small HTTP client for the public APIs. 429 (rate limits: 30 logins a minute per client,
 * the gateway's 20 requests a second) and 503 (the password-hashing queue is full) are waited
 * out as their Retry-After says; every write carries an Idempotency-Key, so a retry after an
 * answer that was lost on the way is not applied twice. Nothing answering at all is one line
 * naming the URL.
 */
export function apiClient(options: ApiClientOptions): ApiClient {
  const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  const maxWaits = options.maxWaits ?? 30;
  return {
    async call<T>(request: ApiRequest): Promise<Answer<T>> {
      const idempotencyKey = request.method === 'GET' ? undefined : randomUUID();
      for (let waits = 0; ; waits++) {
        const response = await send(options, request, idempotencyKey);
        const text = await response.text();
        const body = parseJson(text);
        const accepted = request.accept?.includes(response.status) ?? response.ok;
        if (accepted)
          return { status: response.status, body: body as T, headers: response.headers };
        if ((response.status === 429 || response.status === 503) && waits < maxWaits) {
          const seconds = retryAfterSeconds(response.headers.get('retry-after'));
          options.onWait(
            `${request.method} ${request.path}: ${response.status} from the ${options.name}, ` +
              `waiting ${seconds} s as asked`,
          );
          await sleep(seconds * 1_000);
          continue;
        }
        throw new Error(
          `${request.method} ${request.path} on the ${options.name} answered ` +
            `${response.status}: ${problemText(body, text)}`,
        );
      }
    },
  };
}

async function send(
  options: ApiClientOptions,
  request: ApiRequest,
  idempotencyKey: string | undefined,
): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  const url = `${options.baseUrl}/api/v1${request.path}`;
  try {
    return await fetch(url, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
    throw new Error(
      `nothing answers at ${options.baseUrl} (the ${options.name}${cause ? `: ${cause}` : ''}); ` +
        'start Shopstream with `npm start`, or point seed at it with --url or --write-url/--read-url',
    );
  }
}

/** Retry-After in whole seconds, or as an HTTP date; at least 1 s, at most MAX_WAIT_SECONDS. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number {
  if (header === null || header.trim() === '') return DEFAULT_WAIT_SECONDS;
  const seconds = /^\d+$/.test(header.trim())
    ? Number(header.trim())
    : Math.ceil((Date.parse(header) - now) / 1_000);
  if (!Number.isFinite(seconds)) return DEFAULT_WAIT_SECONDS;
  return Math.min(MAX_WAIT_SECONDS, Math.max(1, seconds));
}

/** A problem+json's detail and field errors in one line; otherwise the start of the body. */
function problemText(body: unknown, text: string): string {
  if (typeof body === 'object' && body !== null) {
    const problem = body as { title?: unknown; detail?: unknown; errors?: unknown };
    const fields = Array.isArray(problem.errors)
      ? problem.errors
          .map(
            (e: { field?: unknown; message?: unknown }) =>
              `${String(e.field)} ${String(e.message)}`,
          )
          .join('; ')
      : '';
    const detail = String(problem.detail ?? problem.title ?? '');
    return fields ? `${detail} (${fields})` : detail;
  }
  return oneLine(text, 200);
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
