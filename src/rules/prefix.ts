import { looksLikeDomain } from '../reference/parse.js';

/** Docker Hub answers under these names too; container runtimes treat them as docker.io. */
const dockerHubAliases = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
export const dockerHub = 'docker.io';
const bareHost = /^[A-Za-z0-9.-]+(?::[0-9]+)?$/;

/** A registry host as runtimes compare it: lowercase, without the default HTTPS port, Docker Hub as docker.io. */
export function canonicalHost(host: string): string {
  let lower = host.toLowerCase();
  if (lower.endsWith(':443')) lower = lower.slice(0, -':443'.length);
  return dockerHubAliases.has(lower) ? dockerHub : lower;
}

/** The start of a reference as written: its host (or '' for Docker Hub without one) and the rest. */
export interface WrittenName {
  /** The host exactly as written, '' when the reference names none. */
  host: string;
  /** canonicalHost(host), docker.io when none is written. */
  canonical: string;
  /** Everything after the host and its '/', as written (path, tag, digest). */
  rest: string;
}

/** Split a reference or prefix the way distribution/reference does (splitDockerDomain). */
export function splitWritten(text: string): WrittenName {
  const slash = text.indexOf('/');
  if (slash === -1) {
    // No '/': a bare registry (`k8s.gcr.io`, `k8s.gcr.io:443`, `localhost`) or a Docker Hub name (`nginx:1`).
    if (bareHost.test(text) && (text.includes('.') || /^localhost(?::|$)/i.test(text)))
      return { host: text, canonical: canonicalHost(text), rest: '' };
    return { host: '', canonical: dockerHub, rest: text };
  }
  const first = text.slice(0, slash);
  if (looksLikeDomain(first))
    return { host: first, canonical: canonicalHost(first), rest: text.slice(slash + 1) };
  return { host: '', canonical: dockerHub, rest: text };
}

/**
 * A rule prefix in one spelling: `bitnami`, `index.docker.io/bitnami` and `DOCKER.IO:443/bitnami` are all
 * `docker.io/bitnami`; `K8S.GCR.IO:443` is `k8s.gcr.io`. Paths are case-sensitive and kept.
 */
export function canonicalPrefix(prefix: string): string {
  const { canonical, rest } = splitWritten(prefix);
  return rest === '' ? canonical : `${canonical}/${rest}`;
}

/** True when `prefix` (canonical) covers `name` (canonical) on whole components. */
export function coversPrefix(prefix: string, name: string): boolean {
  return name === prefix || name.startsWith(`${prefix}/`);
}
