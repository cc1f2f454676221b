import { looksLikeDomain } from '../reference/parse.js';
import type { Rule, RuleMatch } from './types.js';

const dockerHubAliases = ['docker.io', 'index.docker.io', 'registry-1.docker.io'];

/** Characters that may follow a matched prefix: a path separator, or the end of the name. */
function endsComponent(text: string, at: number): boolean {
  if (at === text.length) return true;
  const next = text[at];
  return next === '/' || next === ':' || next === '@';
}

function startsWithFold(text: string, prefix: string, caseInsensitiveUpTo: number): boolean {
  if (text.length < prefix.length) return false;
  const head = text.slice(0, caseInsensitiveUpTo);
  if (head.toLowerCase() !== prefix.slice(0, caseInsensitiveUpTo).toLowerCase()) return false;
  return text.slice(caseInsensitiveUpTo, prefix.length) === prefix.slice(caseInsensitiveUpTo);
}

/** Length of `from` written at the start of `text`, or -1. Host names compare case-insensitively. */
function matchedLength(text: string, from: string): number {
  const slash = from.indexOf('/');
  const domainLength = slash === -1 ? from.length : slash;
  if (startsWithFold(text, from, domainLength) && endsComponent(text, from.length)) {
    // A bare host is followed by ':' only as a port, which makes it another host.
    if (slash === -1 && text[from.length] === ':') return -1;
    return from.length;
  }
  return -1;
}

/** For Docker Hub rules, the spellings that name the same repository without the host. */
function alternativeSpellings(from: string): string[] {
  const slash = from.indexOf('/');
  if (slash === -1) return [];
  const domain = from.slice(0, slash).toLowerCase();
  if (!dockerHubAliases.includes(domain)) return [];
  const path = from.slice(slash + 1);
  const spellings = dockerHubAliases.filter((d) => d !== domain).map((d) => `${d}/${path}`);
  if (path.startsWith('library/')) spellings.push(path.slice('library/'.length));
  spellings.push(path);
  return spellings;
}

function replacementFor(rule: Rule, writtenPrefix: string): string {
  const first = writtenPrefix.split('/')[0] ?? '';
  // Written without a host (`bitnami/nginx`): keep it that way when the target stays on Docker Hub.
  if (!looksLikeDomain(first) && rule.to.startsWith('docker.io/')) {
    const path = rule.to.slice('docker.io/'.length);
    return path.startsWith('library/') ? path.slice('library/'.length) : path;
  }
  return rule.to;
}

/**
 * The rule whose prefix matches the start of `text` on whole host/path components, longest first.
 * `notk8s.gcr.io/x`, `k8s.gcr.io.evil.example/x` and `k8s.gcr.io:5000/x` do not match `k8s.gcr.io`.
 */
export function matchRule(text: string, rules: readonly Rule[]): RuleMatch | undefined {
  let best: RuleMatch | undefined;
  for (const rule of rules) {
    for (const spelling of [rule.from, ...alternativeSpellings(rule.from)]) {
      const length = matchedLength(text, spelling);
      if (length <= 0) continue;
      // A spelling without a host must not be preceded by one: `bitnami/x` in `quay.io/bitnami/x` is not Docker Hub.
      if (!best || length > best.length) {
        best = { rule, length, replacementPrefix: replacementFor(rule, text.slice(0, length)) };
      }
    }
  }
  return best;
}

/** Apply a match: the new reference text. */
export function applyMatch(text: string, match: RuleMatch): string {
  return match.replacementPrefix + text.slice(match.length);
}

/**
 * Literal strings whose presence in a file means a rule may match there. The scanner searches bytes
 * for these before parsing anything.
 */
export function ruleNeedles(rules: readonly Rule[]): string[] {
  const needles = new Set<string>();
  for (const rule of rules) {
    for (const spelling of [rule.from, ...alternativeSpellings(rule.from)]) {
      needles.add(spelling);
      // Hosts are case-insensitive; search the common spellings.
      needles.add(spelling.toLowerCase());
    }
  }
  return [...needles].sort();
}
