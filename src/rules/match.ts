import { canonicalPrefix, dockerHub, splitWritten, type WrittenName } from './prefix.js';
import type { Rule, RuleMatch } from './types.js';

const libraryPrefix = 'library/';

/** The written name's path as a runtime reads it: one-component Docker Hub names are `library/…`. */
function canonicalRest(written: WrittenName): { rest: string; implicit: number } {
  if (written.canonical !== dockerHub || written.rest === '') return { rest: written.rest, implicit: 0 };
  const name = /^[^:@]*/.exec(written.rest)![0];
  return name.includes('/')
    ? { rest: written.rest, implicit: 0 }
    : { rest: libraryPrefix + written.rest, implicit: 8 };
}

/** Characters that may follow a matched prefix in a name: a path separator, a tag, a digest, or the end. */
function endsComponent(text: string, at: number): boolean {
  return at === text.length || text[at] === '/' || text[at] === ':' || text[at] === '@';
}

const splitRules = new WeakMap<Rule, WrittenName>();

/** A rule's `from` split once: matching runs for every reference in every file. */
function splitFrom(rule: Rule): WrittenName {
  let split = splitRules.get(rule);
  if (!split) {
    split = splitWritten(rule.from);
    splitRules.set(rule, split);
  }
  return split;
}

/** Length of the rule's `from` as written at the start of the text, or -1 when it does not cover it. */
function matchedLength(written: WrittenName, rest: string, implicit: number, rule: Rule): number {
  const { canonical: fromHost, rest: fromPath } = splitFrom(rule);
  if (written.canonical !== fromHost) return -1;
  if (fromPath === '') return written.host === '' ? -1 : written.host.length;
  if (!rest.startsWith(fromPath) || !endsComponent(rest, fromPath.length)) return -1;
  const pathLength = fromPath.length - implicit;
  if (pathLength <= 0) return -1;
  return (written.host === '' ? 0 : written.host.length + 1) + pathLength;
}

/** True when the repository after the matched prefix is one the rule's move left where it was. */
function stayed(rule: Rule, text: string, length: number): boolean {
  if (!rule.exceptRepositories || text[length] !== '/') return false;
  const repository = /^[^:@]*/.exec(text.slice(length + 1))![0];
  return rule.exceptRepositories.includes(repository);
}

/** What replaces the matched prefix, keeping the user's Docker Hub spelling where the target stays there. */
function replacementFor(rule: Rule, written: WrittenName, text: string, length: number): string {
  if (rule.to === null) return text.slice(0, length);
  const target = splitWritten(rule.to);
  if (target.canonical !== dockerHub || written.canonical !== dockerHub) return rule.to;
  if (written.host !== '') return target.rest === '' ? written.host : `${written.host}/${target.rest}`;
  // Written without a host (`bitnami/redis`): keep it that way; `library/` stays implicit for one component.
  const oneComponent = !text.slice(length).startsWith('/');
  return oneComponent && target.rest.startsWith(libraryPrefix)
    ? target.rest.slice(libraryPrefix.length)
    : target.rest;
}

/**
 * The rule whose prefix covers the start of `text` on whole host/path components, longest first; on a tie
 * the later rule (user rules come after built-in ones). Hosts compare as runtimes do: case-insensitively,
 * `:443` is the default port, and `bitnami/x`, `index.docker.io/bitnami/x` and `docker.io/bitnami/x` are
 * one repository. `notk8s.gcr.io/x`, `k8s.gcr.io.evil.example/x` and `k8s.gcr.io:5000/x` do not match
 * `k8s.gcr.io`.
 */
export function matchRule(text: string, rules: readonly Rule[]): RuleMatch | undefined {
  const written = splitWritten(text);
  const { rest, implicit } = canonicalRest(written);
  let best: { rule: Rule; length: number } | undefined;
  for (const rule of rules) {
    const length = matchedLength(written, rest, implicit, rule);
    if (length <= 0 || stayed(rule, text, length)) continue;
    if (!best || rule.from.length >= best.rule.from.length) best = { rule, length };
  }
  if (!best) return undefined;
  return { ...best, replacementPrefix: replacementFor(best.rule, written, text, best.length) };
}

/** Apply a match: the new reference text (unchanged for a rule without a target). */
export function applyMatch(text: string, match: RuleMatch): string {
  return match.replacementPrefix + text.slice(match.length);
}

/** Every way a canonical prefix may be written at the start of a reference, hosts in lowercase. */
export function prefixSpellings(from: string): string[] {
  const { canonical: host, rest: path } = splitWritten(canonicalPrefix(from));
  const hosts = host === dockerHub ? [dockerHub, 'index.docker.io', 'registry-1.docker.io'] : [host];
  if (path === '') return hosts;
  const spellings = hosts.flatMap((h) => [`${h}/${path}`, `${h}:443/${path}`]);
  if (host === dockerHub) {
    spellings.push(path);
    if (path.startsWith(libraryPrefix)) spellings.push(path.slice(libraryPrefix.length));
  }
  return spellings.filter((s) => s !== '');
}

/**
 * Literal strings whose presence in a file means a rule may match there, in lowercase: the scanner searches
 * bytes for these (and for their uppercase hosts) before parsing anything.
 */
export function ruleNeedles(rules: readonly Rule[]): string[] {
  const needles = new Set<string>();
  for (const rule of rules) for (const spelling of prefixSpellings(rule.from)) needles.add(spelling);
  return [...needles].sort();
}
