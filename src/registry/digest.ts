/** Content digests: compute and compare `algorithm:hex` strings. */
import { createHash, type Hash } from 'node:crypto';
import { RegshiftError } from '../errors.js';

const algorithms: Record<string, string> = { sha256: 'sha256', sha384: 'sha384', sha512: 'sha512' };

export function digestAlgorithm(digest: string): string {
  const algorithm = digest.slice(0, digest.indexOf(':'));
  const node = algorithms[algorithm];
  if (!node) {
    throw new RegshiftError('DIGEST_UNSUPPORTED', `digest algorithm "${algorithm}" is not supported`, {
      hint: 'Use a sha256, sha384 or sha512 digest.',
    });
  }
  return node;
}

export function createDigester(algorithm = 'sha256'): { hash: Hash; digest(): string } {
  const hash = createHash(algorithm);
  return { hash, digest: () => `${algorithm}:${hash.digest('hex')}` };
}

export function digestOf(bytes: Uint8Array, algorithm = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}
