/** Giving up on an undici request when its signal aborts, whatever stage the request is stuck in. */
import type { Dispatcher } from 'undici';

/**
 * undici keeps a request that waits for a connection (a connect or TLS handshake that hangs) until that
 * connection fails, whatever its signal says: stop waiting as soon as the signal aborts.
 */
export function untilAborted(pending: Promise<Dispatcher.ResponseData>, signal: AbortSignal | undefined) {
  if (!signal) return pending;
  return new Promise<Dispatcher.ResponseData>((resolve, reject) => {
    const onAbort = () => {
      reject(signal.reason);
      pending.then((late) => late.body.dump().catch(() => undefined)).catch(() => undefined);
    };
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
