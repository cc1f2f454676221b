import { describe, expect, it } from 'vitest';
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
});
