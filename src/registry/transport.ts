/**
 * HTTP exchanges with registries: retries with backoff and Retry-After, redirects followed by hand
 * (every hop recorded, relative Locations resolved, Authorization never sent to another origin).
 */
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { untilAborted } from './abort.js';
import { isStreamedBody, undiciExtras } from './body.js';
import { networkError, RegistryError, statusError } from './errors.js';
import type { Hop } from './options.js';
import { RateLimits } from './ratelimit.js';
import { isRetryableError, parseRetryAfter, Retrier, type RetryPolicy, retryableStatuses } from './retry.js';
import { request } from './undici.js';

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface SendOptions {
  method?: Method;
  headers?: Record<string, string>;
  /** Sent only to the origin of the first URL, and dropped for good once a redirect leaves it. */
  authorization?: string;
  /** Buffered (sent again on a retry or a 307/308), or streamed: sent once (see body.ts). */
  body?: Uint8Array | string | AsyncIterable<Uint8Array>;
  /** Longest wait for the response headers (undici's headersTimeout): for a PUT whose body takes long. */
  headersTimeoutMs?: number;
  signal?: AbortSignal;
  followRedirects?: boolean;
  /** Retry POST/PUT/PATCH too (only when the caller knows a repeat is harmless). */
  idempotent?: boolean;
  /** Receives every hop of this exchange. */
  hops?: Hop[];
}

export interface Response {
  status: number;
  headers: Dispatcher.ResponseData['headers'];
  body: Dispatcher.ResponseData['body'];
  /** The URL that answered, after redirects. */
  url: URL;
}

export interface TransportOptions {
  retry: RetryPolicy;
  maxRedirects: number;
  onHop?: (hop: Hop) => void;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/** First value of a response header. */
export function header(response: Pick<Response, 'headers'>, name: string): string | undefined {
  const value = response.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** What a hop shows of a URL: no query (S3 and Artifact Registry sign theirs), no user info. */
export function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** Whether a request may be sent again: GET and HEAD, or a caller that knows a repeat is harmless. */
export function repeatable(options: Pick<SendOptions, 'method' | 'body' | 'idempotent'>): boolean {
  const method = options.method ?? 'GET';
  if (isStreamedBody(options.body)) return false;
  return options.idempotent === true || method === 'GET' || method === 'HEAD';
}

export class Transport {
  /** What each registry says is left of its rate limit (ratelimit.ts). */
  private readonly rateLimits: RateLimits;

  constructor(
    readonly dispatcher: Dispatcher,
    readonly options: TransportOptions,
  ) {
    this.rateLimits = new RateLimits(options.retry.maxDelayMs);
  }

  /** One exchange, following redirects; the caller reads or dumps the body. */
  async send(start: URL, options: SendOptions = {}): Promise<Response> {
    let url = start;
    let method: Method = options.method ?? 'GET';
    let body = options.body;
    let authorization = options.authorization;
    for (let redirects = 0; ; redirects++) {
      const response = await this.attempt(url, method, body, authorization, options);
      const location = header(response, 'location');
      const follow = options.followRedirects !== false && !isStreamedBody(body);
      if (!follow || !redirectStatuses.has(response.status) || !location) {
        return response;
      }
      await response.body.dump();
      if (redirects >= this.options.maxRedirects) {
        throw new RegistryError(
          'REGISTRY_REDIRECTS',
          'HTTP',
          url.host,
          `HTTP ${url.host}: more than ${this.options.maxRedirects} redirects for ${displayUrl(start)}`,
          {
            hint: 'The registry or a proxy sends requests in a loop; check the registry address.',
          },
        );
      }
      const next = new URL(location, url);
      if (next.origin !== start.origin) authorization = undefined;
      if (
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && method === 'POST')
      ) {
        method = 'GET';
        body = undefined;
      }
      url = next;
    }
  }

  private async attempt(
    url: URL,
    method: Method,
    body: SendOptions['body'],
    authorization: string | undefined,
    options: SendOptions,
  ): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    if (authorization) headers['authorization'] = authorization;
    const retrier = new Retrier(this.options.retry, options.signal);
    const retriable = repeatable(options);
    for (;;) {
      await this.rateLimits.before(url, method, options.signal).catch((error: unknown) => {
        throw networkError(error, url.host);
      });
      const started = performance.now();
      let response: Response;
      try {
        const pending = request(url, {
          dispatcher: this.dispatcher,
          method,
          headers,
          signal: options.signal ?? null,
          ...undiciExtras(method, body, options),
        });
        const answer = await untilAborted(pending, options.signal);
        response = { status: answer.statusCode, headers: answer.headers, body: answer.body, url };
      } catch (error) {
        this.record(url, null, started, options);
        await retrier.again(networkError(error, url.host), retriable && isRetryableError(error));
        continue;
      }
      this.record(url, response.status, started, options);
      this.rateLimits.observe(url, response.headers);
      const retryAfter = parseRetryAfter(header(response, 'retry-after'));
      if (retryableStatuses.has(response.status) && retriable && retrier.willRetry(retryAfter)) {
        await response.body.dump();
        await retrier.again(
          statusError(url.host, `${method} ${displayUrl(url)}`, response.status),
          true,
          retryAfter,
        );
        continue;
      }
      return response;
    }
  }

  private record(url: URL, status: number | null, started: number, options: SendOptions): void {
    const hop: Hop = {
      url: displayUrl(url),
      host: url.host,
      status,
      ms: Math.round(performance.now() - started),
    };
    options.hops?.push(hop);
    this.options.onHop?.(hop);
  }
}
