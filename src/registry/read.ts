/**
 * Whole answers read with a size limit (manifests, indexes, tag lists, tokens, error bodies), and the one
 * path that reads a whole body and asks again when it breaks off. Registries are written by others:
 * nothing they send is read without a bound.
 */
import { networkError, RegistryError } from './errors.js';
import { isRetryableError, Retrier, type RetryPolicy } from './retry.js';
import { header, type Response } from './transport.js';

function tooLarge(host: string, what: string, maxBytes: number, declared?: number): RegistryError {
  const size = declared === undefined ? 'more than that' : `${declared} bytes`;
  return new RegistryError(
    'REGISTRY_TOO_LARGE',
    'HTTP',
    host,
    `HTTP ${host}: ${what} is larger than the ${maxBytes} bytes allowed (${size})`,
    {
      hint:
        'No registry sends answers this large: the server (or something between) is broken or hostile. ' +
        'If it is yours and the answer is genuine, raise the limit in the library options (limits).',
    },
  );
}

/** The body, at most `maxBytes`: a larger answer, declared or sent, stops being read and is an error. */
export async function readBounded(response: Response, maxBytes: number, what: string): Promise<Buffer> {
  const host = response.url.host;
  const declared = Number(header(response, 'content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.body.destroy();
    throw tooLarge(host, what, maxBytes, declared);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) {
      response.body.destroy();
      throw tooLarge(host, what, maxBytes);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, total);
}

/** An error answer's body, for the message it may carry: its first `maxBytes` at most, never an error. */
export async function readErrorBody(response: Response, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of response.body) {
      chunks.push(chunk as Buffer);
      total += (chunk as Buffer).length;
      if (total >= maxBytes) break;
    }
  } catch {
    // The status says enough.
  }
  response.body.destroy();
  return Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8');
}

export interface ReadWholeOptions {
  retry: RetryPolicy;
  /** The exchange's deadline: retries end with it. */
  signal?: AbortSignal;
  /** Whether the request may be sent again (GET, HEAD, or a caller that knows a repeat is harmless). */
  retriable: boolean;
  /** Limit of a successful answer's body. */
  maxBytes: number;
  /** Limit of an error answer's body (truncated, not an error). */
  errorBytes: number;
  /** What is read, for errors: `manifest app:1.0`. */
  what: string;
}

/** Send, then read the whole body within its limit, sending again when the body breaks off. */
export async function readWhole(
  send: () => Promise<Response>,
  options: ReadWholeOptions,
): Promise<{ response: Response; bytes: Buffer }> {
  const retrier = new Retrier(options.retry, options.signal);
  for (;;) {
    let response: Response;
    try {
      response = await send();
    } catch (error) {
      await retrier.again(error, false);
      throw error;
    }
    try {
      const bytes =
        response.status < 300
          ? await readBounded(response, options.maxBytes, options.what)
          : Buffer.from(await readErrorBody(response, options.errorBytes));
      return { response, bytes };
    } catch (error) {
      await retrier.again(
        networkError(error, response.url.host),
        options.retriable && isRetryableError(error),
      );
    }
  }
}
