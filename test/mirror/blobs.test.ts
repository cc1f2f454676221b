import { describe, expect, it } from 'vitest';
import { restartable } from '../../src/mirror/blobs.js';
import { digestMismatch, networkError, statusError } from '../../src/registry/errors.js';

describe('blob copies', () => {
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
