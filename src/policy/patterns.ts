// Rules as regular expressions every engine runs (CEL `matches`/`find`, Rego `regex.match`): only the
// syntax RE2 and JavaScript read alike (classes, groups, alternation, ^ and $), so the tests run the very
// patterns an engine gets against rules/match.ts, the matcher `scan` uses.
import { looksLikeDomain } from '../reference/parse.js';
import type { Rule } from '../rules/types.js';

const dockerHub = 'docker.io';
const dockerHubHosts = [dockerHub, 'index.docker.io', 'registry-1.docker.io'];
const library = 'library/';

/** How the matched prefix is replaced. */
export type Replacement =
  | { type: 'constant'; text: string }
  /** The host as written, then `/rest` (a Docker Hub target written with one of Docker Hub's hosts). */
  | { type: 'keep-host'; rest: string }
  /** A report-only rule without a target. */
  | { type: 'none' };

/** One way a rule's prefix can be written at the start of an image, as two anchored patterns. */
export interface PrefixForm {
  readonly rule: Rule;
  /** True when the prefix and what follows it make a match. */
  readonly match: string;
  /** The matched prefix itself (for its length). */
  readonly prefix: string;
  readonly replacement: Replacement;
  /** Repositories the move left where they were (`exceptRepositories`): the form does not apply to them. */
  readonly unless?: string;
}

function splitPrefix(prefix: string): { host: string; path: string } {
  const slash = prefix.indexOf('/');
  const first = slash === -1 ? prefix : prefix.slice(0, slash);
  if (slash === -1 ? first.includes('.') || /^localhost(:|$)/i.test(first) : looksLikeDomain(first)) {
    let host = first.toLowerCase();
    if (host.endsWith(':443')) host = host.slice(0, -4);
    if (dockerHubHosts.includes(host)) host = dockerHub;
    return { host, path: slash === -1 ? '' : prefix.slice(slash + 1) };
  }
  return { host: dockerHub, path: prefix };
}

function escapeLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, (c) => `\\${c}`);
}

/** ASCII letters in both cases, spelled out: RE2's `(?i)` folds more than String.toLowerCase. */
function caseInsensitive(text: string): string {
  let out = '';
  for (const c of text) out += /[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : escapeLiteral(c);
  return out;
}

/** A canonical host as it may be written: any case, `:443` or not, Docker Hub under each of its names. */
function hostPattern(host: string): string {
  const names = host === dockerHub ? dockerHubHosts : [host];
  const alternatives = names.map(caseInsensitive).join('|');
  return `(?:${alternatives})${host.includes(':') ? '' : '(?::443)?'}`;
}

const oneComponent = (path: string) => !path.includes('/');

function targetRest(to: string): string {
  const { host, path } = splitPrefix(to);
  return host === dockerHub ? path : to;
}

/** Every written form of a rule's prefix, following rules/match.ts (splitWritten, canonicalRest). */
export function ruleForms(rule: Rule): PrefixForm[] {
  const { host, path } = splitPrefix(rule.from);
  const to: string | null = rule.to ?? null;
  const toDockerHub = to !== null && splitPrefix(to).host === dockerHub;
  const hosted: Replacement =
    to === null
      ? { type: 'none' }
      : host === dockerHub && toDockerHub
        ? { type: 'keep-host', rest: targetRest(to) }
        : { type: 'constant', text: to };
  const stayed = rule.exceptRepositories ?? [];
  const form = (match: string, prefix: string, replacement: Replacement): PrefixForm => ({
    rule,
    match: `^${prefix}${match}`,
    prefix: `^${prefix}`,
    replacement,
    ...(stayed.length > 0
      ? { unless: `^${prefix}/(?:${stayed.map(escapeLiteral).join('|')})(?:$|[:@])` }
      : {}),
  });
  const h = hostPattern(host);
  if (path === '') return [form('(?:/|$)', h, hosted)];
  const p = escapeLiteral(path);
  if (host !== dockerHub) return [form('(?:$|[/:@])', `${h}/${p}`, hosted)];

  // Docker Hub: a one-component name is `library/NAME`, so `docker.io/bitnami` covers `bitnami/x` only.
  const forms = [form(oneComponent(path) ? '/' : '(?:$|[/:@])', `${h}/${p}`, hosted)];
  const implicit = path.startsWith(library) && oneComponent(path.slice(library.length));
  const short = implicit ? path.slice(library.length) : '';
  if (implicit) forms.push(form('(?:$|[:@])', `${h}/${escapeLiteral(short)}`, hosted));
  // Without a host the first component must not look like one (distribution/reference's rule).
  if (looksLikeDomain(path.split('/')[0]!)) return forms;
  if (to === null) {
    forms.push(form(oneComponent(path) ? '/' : '(?:$|[/:@])', p, { type: 'none' }));
  } else {
    const rest = toDockerHub ? targetRest(to) : to;
    const shortRest = toDockerHub && rest.startsWith(library) ? rest.slice(library.length) : rest;
    if (oneComponent(path)) forms.push(form('/', p, { type: 'constant', text: rest }));
    else {
      forms.push(form('/', p, { type: 'constant', text: rest }));
      forms.push(form('(?:$|[:@])', p, { type: 'constant', text: shortRest }));
    }
    // `nginx`, `nginx:1`, `nginx@sha256:…`: the first component before any '/' must stay host-like-free.
    if (implicit && !looksLikeDomain(short))
      forms.push(
        form('(?:$|[:@][^/]*$|@[^/.:A-Z]*/)', escapeLiteral(short), { type: 'constant', text: shortRest }),
      );
  }
  if (to === null && implicit && !looksLikeDomain(short))
    forms.push(form('(?:$|[:@][^/]*$|@[^/.:A-Z]*/)', escapeLiteral(short), { type: 'none' }));
  return forms;
}

/** All forms, the matcher's preference first: the longest rule prefix, then the later rule. */
export function orderedForms(rules: readonly Rule[]): PrefixForm[] {
  return rules
    .map((rule, index) => ({ rule, index }))
    .sort((a, b) => b.rule.from.length - a.rule.from.length || b.index - a.index)
    .flatMap(({ rule }) => ruleForms(rule));
}

/** One anchored pattern true for an image a form matches; undefined when there are none. */
export function anyMatchPattern(forms: readonly PrefixForm[]): string | undefined {
  const alternatives = [...new Set(forms.map((f) => f.match.slice(1)))];
  return alternatives.length === 0 ? undefined : `^(?:${alternatives.join('|')})`;
}

/**
 * What decides that an image is moved: one pattern for every form without exceptions, and the forms
 * with exceptions (a repository that stayed) on their own, each with its `unless`.
 */
export function movedPatterns(rules: readonly Rule[]): { any: string | undefined; guarded: PrefixForm[] } {
  const forms = rules.flatMap(ruleForms);
  return { any: anyMatchPattern(forms.filter((f) => !f.unless)), guarded: forms.filter((f) => f.unless) };
}
