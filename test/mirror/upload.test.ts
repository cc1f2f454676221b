import { describe, expect, it } from 'vitest';
import { limiter } from '../../src/concurrency.js';
import { restartable } from '../../src/mirror/blobs.js';
import { digestMismatch, networkError, statusError } from '../../src/registry/errors.js';
import { completionUrl, pushDenied, pushScopes } from '../../src/registry/upload.js';

describe('upload helpers', () => {
  it('asks for push on the target and pull on the repository a blob is mounted from', () => {
    expect(pushScopes('mirror/app')).toEqual(['repository:mirror/app:pull,push']);
    expect(pushScopes('mirror/app', 'mirror/base')).toEqual([
      'repository:mirror/app:pull,push',
      'repository:mirror/base:pull',
    ]);
  });

  it('adds the digest to a session URL, keeping the state the registry put in its query', () => {
    const digest = `sha256:${'0'.repeat(64)}`;
    const url = completionUrl('http://r.example/v2/a/blobs/uploads/u1?_state=abc', digest);
    expect(new URL(url).searchParams.get('_state')).toBe('abc');
    expect(new URL(url).searchParams.get('digest')).toBe(digest);
    expect(() => completionUrl('http://r.example/u1', 'sha256:../../x')).toThrow(/invalid digest/);
  });

  it('names the registry, the repository and the permission when a push is refused', () => {
    const error = pushDenied('r.example', 'mirror/app', 403, '{"errors":[{"code":"DENIED","message":"no"}]}');
    expect(error.code).toBe('REGISTRY_PUSH_DENIED');
    expect(error.message).toBe('HTTP r.example: 403 for push to mirror/app: DENIED (no)');
    expect(error.hint).toContain('grant push (write) permission on repository mirror/app');
    expect(error.hint).toContain('repository:mirror/app:pull,push');
  });

  it('restarts a blob after a broken connection or a transient status, never after a digest mismatch', () => {
    expect(restartable(networkError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }), 'r'))).toBe(
      true,
    );
    expect(restartable(statusError('r', 'blob', 503))).toBe(true);
    expect(restartable(statusError('r', 'blob', 400))).toBe(false);
    expect(
      restartable(networkError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }), 'r')),
    ).toBe(false);
    expect(restartable(digestMismatch('r', 'blob', 'sha256:a', 'sha256:b'))).toBe(false);
  });
});

describe('limiter', () => {
  it('runs at most `limit` at once, in arrival order', async () => {
    const limit = limiter(2);
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        limit(async () => {
          active++;
          peak = Math.max(peak, active);
          order.push(i);
          await new Promise((r) => setTimeout(r, 5));
          active--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
