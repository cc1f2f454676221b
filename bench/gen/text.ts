// Filler prose and identifiers, so files have realistic sizes and the prefilter has bytes to skip.
import type { Random } from '../lib/prng.js';

const vocabulary = (
  'the service handles requests from upstream clients and forwards them to the backend pool ' +
  'configuration is loaded at startup from environment variables and mounted secrets ' +
  'retries use exponential backoff with jitter and a circuit breaker guards the database ' +
  'metrics are exported for prometheus and traces go to the collector via otlp ' +
  'deploy with the pipeline after review rollbacks are automatic when the canary fails ' +
  'cache invalidation happens on write and the queue consumer is idempotent per message'
).split(' ');

const identifiers = 'user order invoice payment session token cache queue event report account item'.split(
  ' ',
);
const verbs = 'get set load save parse render handle validate sync fetch build apply'.split(' ');

export function words(rng: Random, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(rng.pick(vocabulary));
  return out.join(' ');
}

export function paragraph(rng: Random): string {
  const text = words(rng, rng.int(25, 70));
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

export function identifier(rng: Random): string {
  const verb = rng.pick(verbs);
  const noun = rng.pick(identifiers);
  return `${verb}${noun[0]!.toUpperCase()}${noun.slice(1)}`;
}

export function repeat(n: number, make: (i: number) => string): string {
  let out = '';
  for (let i = 0; i < n; i++) out += make(i);
  return out;
}
