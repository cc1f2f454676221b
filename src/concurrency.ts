/**
 * Bounded concurrency, one way for every part (check, mirror, cluster): p-limit, the ecosystem's choice,
 * whose queue hands a freed slot straight to the next waiter, so no new caller can slip past the limit.
 */
import pLimit, { type LimitFunction } from 'p-limit';

export type Limit = LimitFunction;

/** At most `concurrency` of the functions given to the returned limit run at once, the rest in order. */
export function limiter(concurrency: number): Limit {
  return pLimit(Math.max(1, concurrency));
}

/** `fn` over `items`, at most `concurrency` at once; results keep the items' order. */
export function mapLimit<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const limit = limiter(concurrency);
  return Promise.all(items.map((item) => limit(() => fn(item))));
}
