import { type ErrorCode, RegshiftError } from '../errors.js';
import { looksLikeDomain, tryParseReference } from './parse.js';

/** Where images are sent (`--to` of fix and mirror): a registry host and a path prefix. */
export interface Destination {
  registry: string;
  /** Repository path prefix, without slashes at either end; may be empty. */
  prefix: string;
}

/**
 * `HOST[/PREFIX]`, the one validator of `--to` for fix and mirror: the host must look like one (a dot, a
 * port or localhost), as in image references, so a forgotten value (`--to ex`) is not read as Docker Hub.
 */
export function parseDestination(to: string, code: ErrorCode = 'MIRROR_DESTINATION'): Destination {
  const trimmed = to.replace(/\/+$/, '');
  const slash = trimmed.indexOf('/');
  const registry = slash === -1 ? trimmed : trimmed.slice(0, slash);
  const prefix = slash === -1 ? '' : trimmed.slice(slash + 1);
  const probe = tryParseReference(`${registry}/${prefix === '' ? 'x' : `${prefix}/x`}`);
  if (registry === '' || !looksLikeDomain(registry) || !probe.ok || probe.reference.domain !== registry) {
    throw new RegshiftError(code, `--to ${to} is not HOST/PREFIX`, {
      hint: 'Name the registry host (with a dot or a port, or localhost) and optionally a path: --to registry.example.com/mirror',
    });
  }
  return { registry, prefix };
}
