/**
 * Deadlines that cover a whole exchange, body included. undici's own timers measure silence (time to the
 * headers, time between two body chunks): a server that sends one byte a second never trips them. These
 * abort the request itself, which also ends the reading of its body.
 */
import { RegshiftError } from '../errors.js';

/** Why a deadline ended a request; `networkError` reports it as REGISTRY_TIMEOUT at the HTTP stage. */
export class DeadlineError extends RegshiftError {
  constructor(message: string) {
    super('REGISTRY_TIMEOUT', message);
    this.name = 'TimeoutError';
  }
}

export function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/**
 * Aborts `controller` when `parent` aborts, with its reason. Returns what undoes the link: a long-lived
 * parent (a whole mirror run's signal) would otherwise gather a listener per request.
 */
function follow(controller: AbortController, parent: AbortSignal | undefined): () => void {
  if (!parent) return () => undefined;
  if (parent.aborted) {
    controller.abort(parent.reason);
    return () => undefined;
  }
  const onAbort = () => controller.abort(parent.reason);
  parent.addEventListener('abort', onAbort, { once: true });
  return () => parent.removeEventListener('abort', onAbort);
}

export interface Deadline {
  signal: AbortSignal;
  /** The exchange is over: stop the timer and let go of the parent signal. */
  release(): void;
}

/**
 * A signal that aborts when `parent` does, or `ms` after now: the deadline of a whole exchange (every
 * redirect, token request, retry and the body). `what` names the exchange in the error.
 */
export function deadline(ms: number, parent: AbortSignal | undefined, what: string): Deadline {
  const controller = new AbortController();
  const unfollow = follow(controller, parent);
  const timer = setTimeout(
    () => controller.abort(new DeadlineError(`${what}: no complete answer within ${formatMs(ms)}`)),
    ms,
  );
  // The timer must not keep the process alive once the work is done.
  timer.unref();
  const release = () => {
    clearTimeout(timer);
    unfollow();
  };
  controller.signal.addEventListener('abort', release, { once: true });
  return { signal: controller.signal, release };
}

/**
 * The deadline of a stream too large for a fixed one (a blob): the headers must come within `ms`, and from
 * then on every `ms` window must bring at least `minBytesPerSecond` on average (curl's --speed-limit and
 * --speed-time), so a slow but honest transfer goes on and a trickle is cut off after one window.
 */
export class StreamDeadline {
  private readonly controller = new AbortController();
  private readonly unfollow: () => void;
  private timer: NodeJS.Timeout | undefined;
  private windowBytes = 0;

  constructor(
    private readonly ms: number,
    private readonly minBytesPerSecond: number,
    parent: AbortSignal | undefined,
    private readonly what: string,
  ) {
    this.unfollow = follow(this.controller, parent);
    this.arm(() => `${what}: no answer within ${formatMs(ms)}`);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The headers are in: from now on the body's rate is what counts. */
  started(): void {
    const floor = Math.ceil((this.minBytesPerSecond * this.ms) / 1000);
    const check = () => {
      if (this.windowBytes < floor) {
        this.controller.abort(
          new DeadlineError(
            `${this.what}: ${this.windowBytes} bytes in ${formatMs(this.ms)}, slower than ` +
              `${this.minBytesPerSecond} bytes/s`,
          ),
        );
        return;
      }
      this.windowBytes = 0;
      this.timer = setTimeout(check, this.ms).unref();
    };
    clearTimeout(this.timer);
    this.timer = setTimeout(check, this.ms).unref();
  }

  received(bytes: number): void {
    this.windowBytes += bytes;
  }

  /** The stream ended (or failed): no more checks. */
  done(): void {
    clearTimeout(this.timer);
    this.unfollow();
  }

  private arm(message: () => string): void {
    this.timer = setTimeout(() => this.controller.abort(new DeadlineError(message())), this.ms).unref();
  }
}
