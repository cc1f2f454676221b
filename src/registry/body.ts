/** Request bodies and per-request undici options: buffered bodies can be sent again, streamed ones once. */
import type { Method, SendOptions } from './transport.js';

/** A body that can be sent only once (no retry, no redirect: the caller starts over). */
export function isStreamedBody(body: SendOptions['body']): body is AsyncIterable<Uint8Array> {
  return body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array);
}

/** What undici's `request` gets besides URL, method, headers and signal. */
export function undiciExtras(method: Method, body: SendOptions['body'], options: SendOptions) {
  return {
    // undici sends an async iterable as it is pulled (its types list only Readable).
    body: (body ?? null) as Uint8Array | string | null,
    ...(options.headersTimeoutMs !== undefined ? { headersTimeout: options.headersTimeoutMs } : {}),
    // undici closes the connection after every HEAD unless told not to (for servers that send a body
    // anyway); registries do not, and a new connection (a TLS handshake) per HEAD is costly.
    ...(method === 'HEAD' ? { reset: false } : {}),
  };
}
