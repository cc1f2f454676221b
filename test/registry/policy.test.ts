import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowsPlainHttp,
  isLoopback,
  parseRetryAfter,
  Retrier,
  retryDelay,
  stageOf,
} from '../../src/registry/index.js';
import { nextPage } from '../../src/registry/tags.js';

const policy = { retries: 3, baseDelayMs: 100, maxDelayMs: 1000 };

describe('retry policy', () => {
  it('parses Retry-After as seconds or as a date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(
      parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')),
    ).toBe(5000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('backs off exponentially with jitter, within bounds, and stops after the last retry', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (attempt, r) => {
          const delay = retryDelay(policy, attempt, undefined, () => r)!;
          const full = Math.min(1000, 100 * 2 ** attempt);
          return delay >= full / 2 && delay <= full;
        },
      ),
    );
    expect(retryDelay(policy, 3, undefined)).toBeUndefined();
  });

  it('honours Retry-After up to the cap, and gives up beyond it', () => {
    expect(retryDelay(policy, 0, 800)).toBe(800);
    expect(retryDelay(policy, 0, 60_000)).toBeUndefined();
  });
});

describe('plain HTTP', () => {
  it('is allowed for loopback and named hosts only', () => {
    for (const host of ['localhost:5000', '127.0.0.1', '127.9.9.9:80', '[::1]:5000'])
      expect(isLoopback(host)).toBe(true);
    for (const host of ['registry.k8s.io', '128.0.0.1', 'localhost.evil.example', '10.0.0.1:5000'])
      expect(isLoopback(host)).toBe(false);
    expect(allowsPlainHttp('reg.internal:5000', ['reg.internal'])).toBe(true);
    expect(allowsPlainHttp('reg.internal:5000', ['other.internal'])).toBe(false);
  });
});

describe('stages', () => {
  it('maps network error codes to the stage that failed', () => {
    const err = (code: string) => Object.assign(new Error(code), { code });
    expect(stageOf(err('ENOTFOUND'))).toBe('DNS');
    expect(stageOf(err('ECONNREFUSED'))).toBe('TCP');
    expect(stageOf(err('UND_ERR_CONNECT_TIMEOUT'))).toBe('TCP');
    expect(stageOf(err('UNABLE_TO_VERIFY_LEAF_SIGNATURE'))).toBe('TLS');
    expect(stageOf(err('ERR_TLS_CERT_ALTNAME_INVALID'))).toBe('TLS');
    expect(stageOf(err('UND_ERR_HEADERS_TIMEOUT'))).toBe('HTTP');
    expect(stageOf(new TypeError('fetch failed', { cause: err('ENOTFOUND') }))).toBe('DNS');
  });
});

describe('tag pagination', () => {
  it('resolves the next page against the current one', () => {
    const current = new URL('http://r.example/v2/app/tags/list?n=1');
    expect(nextPage('</v2/app/tags/list?last=a&n=1>; rel="next"', current)?.href).toBe(
      'http://r.example/v2/app/tags/list?last=a&n=1',
    );
    expect(nextPage('<https://other.example/v2/app/tags/list?last=a>; rel="next"', current)?.origin).toBe(
      'https://other.example',
    );
    expect(nextPage(undefined, current)).toBeUndefined();
  });
});

describe('the one retry loop', () => {
  const policy = { retries: 3, baseDelayMs: 10, maxDelayMs: 50 };

  it('waits, then gives up when the retries are spent, throwing the last failure', async () => {
    const retrier = new Retrier(policy);
    for (let i = 0; i < 3; i++) await retrier.again(new Error(`failure ${i}`), true);
    await expect(retrier.again(new Error('failure 3'), true)).rejects.toThrow('failure 3');
  });

  it('does not retry what is not retryable, nor a Retry-After beyond the longest wait', async () => {
    await expect(new Retrier(policy).again(new Error('fatal'), false)).rejects.toThrow('fatal');
    const retrier = new Retrier(policy);
    expect(retrier.willRetry(60_000)).toBe(false);
    await expect(retrier.again(new Error('throttled'), true, 60_000)).rejects.toThrow('throttled');
  });

  it('never waits past the deadline, and reports the failure the deadline cut short', async () => {
    const controller = new AbortController();
    const retrier = new Retrier({ retries: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 }, controller.signal);
    const waiting = retrier.again(new Error('connection reset'), true);
    controller.abort(new Error('deadline'));
    await expect(waiting).rejects.toThrow('connection reset');
    // The attempt after it failed only because time ran out: the earlier failure is what is said.
    await expect(retrier.again(new Error('deadline'), false)).rejects.toThrow('connection reset');
  });
});
