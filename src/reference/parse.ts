import { RegshiftError } from '../errors.js';
import { anchoredReference, nameTotalLengthMax } from './grammar.js';

/** A parsed image reference. `domain` and `path` are as written (not normalised). */
export interface ImageReference {
  /** Registry host (with port) as written, or '' when the reference names none (Docker Hub). */
  readonly domain: string;
  /** Repository path as written, without the domain. */
  readonly path: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

export type ParseResult =
  | { ok: true; reference: ImageReference }
  | { ok: false; code: ReferenceErrorCode; message: string };

export type ReferenceErrorCode =
  | 'REFERENCE_EMPTY'
  | 'REFERENCE_INVALID'
  | 'REFERENCE_NAME_TOO_LONG'
  | 'REFERENCE_NAME_UPPERCASE';

/**
 * The first component is a registry host only if it contains '.' or ':', is 'localhost',
 * or has an uppercase letter (distribution/reference splitDockerDomain).
 */
export function looksLikeDomain(component: string): boolean {
  return (
    component.includes('.') ||
    component.includes(':') ||
    component === 'localhost' ||
    component !== component.toLowerCase()
  );
}

/** Parse without throwing; the CLI and scanners use this on untrusted text. */
export function tryParseReference(text: string): ParseResult {
  if (text === '') return { ok: false, code: 'REFERENCE_EMPTY', message: 'image reference is empty' };
  const match = anchoredReference.exec(text);
  if (!match) {
    if (anchoredReference.test(text.toLowerCase())) {
      return {
        ok: false,
        code: 'REFERENCE_NAME_UPPERCASE',
        message: `image reference "${text}": repository names must be lowercase`,
      };
    }
    return { ok: false, code: 'REFERENCE_INVALID', message: `"${text}" is not a valid image reference` };
  }
  const fullName = match[1]!;
  if (fullName.length > nameTotalLengthMax) {
    return {
      ok: false,
      code: 'REFERENCE_NAME_TOO_LONG',
      message: `image reference "${text.slice(0, 40)}…": repository name is longer than ${nameTotalLengthMax} characters`,
    };
  }
  const slash = fullName.indexOf('/');
  const first = slash === -1 ? '' : fullName.slice(0, slash);
  const hasDomain = slash !== -1 && looksLikeDomain(first);
  const domain = hasDomain ? first : '';
  const path = hasDomain ? fullName.slice(slash + 1) : fullName;
  // An uppercase first component that is not a domain cannot be a path either.
  if (!hasDomain && path !== path.toLowerCase()) {
    return {
      ok: false,
      code: 'REFERENCE_NAME_UPPERCASE',
      message: `image reference "${text}": repository names must be lowercase`,
    };
  }
  return { ok: true, reference: { domain, path, tag: match[2], digest: match[3] } };
}

/** Parse an image reference; throws RegshiftError with code REFERENCE_* on invalid input. */
export function parseReference(text: string): ImageReference {
  const result = tryParseReference(text);
  if (!result.ok) {
    throw new RegshiftError(result.code, result.message, {
      hint: 'Write it as [HOST[:PORT]/]PATH[:TAG][@DIGEST], for example registry.k8s.io/pause:3.9',
    });
  }
  return result.reference;
}
