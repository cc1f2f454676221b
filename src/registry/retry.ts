/**
 * When and how long to wait before retrying a request (pure policy), and the one retry loop every request
 * path of the client uses (Retrier): transport attempts, whole-body reads, blob resumptions, blob uploads.
 */

/** HTTP statuses worth another try: timeouts, throttling and transient server errors. */
export const retryableStatuses: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Error codes of a connection that broke and may work on a second try. A refused connection is an answer
 * (nothing listens, or a firewall rejects), not a glitch: it fails at once. Nor is a timeout retried: the
 * time the user allowed (--timeout) was spent waiting once, and a second wait would only run past it.
 */
const retryableCodes = new Set(['ECONNRESET', 'EPIPE', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

export interface RetryPolicy {
  /** Further attempts after the first. */
  retries: number;
  /** First backoff; doubles each attempt. */
  baseDelayMs: number;
  /** Longest backoff, and the longest Retry-After honoured; a longer Retry-After ends the retries. */
  maxDelayMs: number;
}

export function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR' && !code.startsWith('REGISTRY_')) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function isRetryableError(error: unknown): boolean {
  if ((error as { name?: string })?.name === 'AbortError') return false;
  const code = errorCode(error);
  return code !== undefined && retryableCodes.has(code);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110 10.2.3); undefined if absent or bad. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Milliseconds to wait before attempt `attempt + 1` (attempt counts from 0), or undefined to stop.
 * Exponential backoff with jitter (half fixed, half random); a server's Retry-After wins when present.
 */
export function retryDelay(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number | undefined {
  if (attempt >= policy.retries) return undefined;
  if (retryAfterMs !== undefined) return retryAfterMs <= policy.maxDelayMs ? retryAfterMs : undefined;
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The retry loop of the registry client, as an object so that loops of any shape (a generator that resumes
 * a blob, an upload that starts over) share it. Backoff follows `policy`; waits end when `signal` aborts,
 * so a retry never runs past the deadline the caller set. When the deadline cuts a retry short, the
 * failure that caused the retry is what is reported, not merely that time ran out.
 */
export class Retrier {
  private attempts = 0;
  private failed: unknown = undefined;

  constructor(
    private readonly policy: RetryPolicy,
    private readonly signal?: AbortSignal,
  ) {}

  /** Whether a failure now would be retried (a Retry-After beyond the policy's longest wait ends retries). */
  willRetry(retryAfterMs?: number): boolean {
    return retryDelay(this.policy, this.attempts, retryAfterMs, () => 0) !== undefined;
  }

  /**
   * Called with what made an attempt fail (already wrapped for the user): waits before the next attempt,
   * or throws when there is none (not `retryable`, retries spent, or the deadline passed).
   */
  async again(error: unknown, retryable: boolean, retryAfterMs?: number): Promise<void> {
    if (this.failed !== undefined && this.signal?.aborted) throw this.failed;
    const delay = retryable ? retryDelay(this.policy, this.attempts, retryAfterMs) : undefined;
    if (delay === undefined) throw error;
    this.attempts++;
    this.failed = error;
    await sleep(delay, this.signal).catch(() => {
      throw error;
    });
  }
}
