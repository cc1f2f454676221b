/**
 * Rate limits a registry announces, honoured before they bite: Docker Hub's `ratelimit-remaining: 96;w=21600`
 * and the IETF draft's `RateLimit-Remaining` / `RateLimit-Reset` (or one `RateLimit: remaining=…, reset=…`).
 * When a registry says nothing is left, the next pull from it (a manifest GET: what registries count, blobs
 * and HEADs are free on Docker Hub) waits for the reset if that is soon (within
 * the retry policy's longest wait), and otherwise fails at once, saying when the limit resets: better than
 * spending the rest of the quota on 429s, which Docker Hub counts too.
 */
import { RegistryError } from './errors.js';
import { sleep } from './retry.js';

export interface Allowance {
  /** Requests left in the current window. */
  remaining: number;
  /** When the window resets (ms since the epoch), when the registry says. */
  resetAt: number | undefined;
}

type Headers = Record<string, string | string[] | undefined>;

function first(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function seconds(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*\d+(?:\.\d+)?\s*$/.test(text)) return undefined;
  return Number(text);
}

/** What a response says is left; undefined when it says nothing (most registries). Pure. */
export function allowanceOf(headers: Headers, now: number = Date.now()): Allowance | undefined {
  const combined = first(headers, 'ratelimit');
  if (combined) {
    const field = (name: string) => new RegExp(`(?:^|[,;\\s])${name}=(\\d+)`).exec(combined)?.[1];
    const remaining = seconds(field('remaining') ?? field('r'));
    const reset = seconds(field('reset') ?? field('t'));
    if (remaining !== undefined)
      return { remaining, resetAt: reset === undefined ? undefined : now + reset * 1000 };
  }
  // Docker Hub: `96;w=21600` (96 pulls left in a 6-hour window; it names no reset time).
  const hub = /^\s*(\d+)\s*(?:;\s*w=(\d+))?/.exec(
    first(headers, 'ratelimit-remaining') ?? first(headers, 'x-ratelimit-remaining') ?? '',
  );
  if (!hub) return undefined;
  const reset = seconds(first(headers, 'ratelimit-reset') ?? first(headers, 'x-ratelimit-reset'));
  const window = hub[2] === undefined ? undefined : Number(hub[2]);
  const resetIn = reset ?? window;
  return { remaining: Number(hub[1]), resetAt: resetIn === undefined ? undefined : now + resetIn * 1000 };
}

function exhausted(host: string, resetAt: number | undefined): RegistryError {
  const when =
    resetAt === undefined
      ? 'it does not say when it resets'
      : `it resets at ${new Date(resetAt).toISOString()}`;
  return new RegistryError(
    'REGISTRY_RATE_LIMITED',
    'HTTP',
    host,
    `HTTP ${host}: the registry's rate limit is used up (0 requests left); ${when}`,
    {
      hint:
        'Wait for the reset, log in (Docker Hub gives authenticated users a higher limit), or mirror the ' +
        'images once into a registry you control (regshift mirror) and pull from there.',
    },
  );
}

/** Each origin's last announced allowance, counted down as requests go out. */
export class RateLimits {
  private readonly byOrigin = new Map<string, Allowance>();

  constructor(
    /** The longest wait for a reset; a later reset fails at once. */
    private readonly maxWaitMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Before a request to `url`: go on, wait for a reset that comes soon, or fail saying when it comes. */
  async before(url: URL, method: string, signal?: AbortSignal): Promise<void> {
    const allowance = this.byOrigin.get(url.origin);
    if (!allowance || method !== 'GET' || !url.pathname.includes('/manifests/')) return;
    if (allowance.remaining > 0) {
      allowance.remaining--;
      return;
    }
    const wait = allowance.resetAt === undefined ? undefined : allowance.resetAt - this.now();
    if (wait === undefined || wait > this.maxWaitMs) throw exhausted(url.host, allowance.resetAt);
    if (wait > 0) await sleep(wait, signal);
    this.byOrigin.delete(url.origin);
  }

  /** After a response: remember what it says is left. */
  observe(url: URL, headers: Headers): void {
    const allowance = allowanceOf(headers, this.now());
    if (allowance) this.byOrigin.set(url.origin, allowance);
  }
}
