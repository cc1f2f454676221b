/** WWW-Authenticate challenges (RFC 7235) as registries send them: Basic or Bearer with parameters. */

export interface Challenge {
  scheme: 'basic' | 'bearer';
  /** Lower-cased parameter names: realm, service, scope, error. */
  params: Record<string, string>;
}

/**
 * Parse one WWW-Authenticate value. Parameter values may be quoted and contain commas and colons
 * (`scope="repository:a/b:pull,push"`, `realm="https://host:5001/auth"`), so this tokenises rather than splits.
 */
export function parseChallenge(header: string | undefined): Challenge | undefined {
  if (!header) return undefined;
  const match = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(header);
  if (!match) return undefined;
  const scheme = match[1]!.toLowerCase();
  if (scheme !== 'basic' && scheme !== 'bearer') return undefined;
  const params: Record<string, string> = {};
  const rest = match[2]!;
  const param = /\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*,?/gy;
  let found: RegExpExecArray | null = param.exec(rest);
  while (found !== null && found[0] !== '') {
    params[found[1]!.toLowerCase()] = found[2] !== undefined ? found[2].replace(/\\(.)/g, '$1') : found[3]!;
    found = param.exec(rest);
  }
  return { scheme, params };
}

/** The scope that grants `actions` on a repository: `repository:<name>:<actions>`. */
export function repositoryScope(repository: string, actions: readonly string[] = ['pull']): string {
  return `repository:${repository}:${actions.join(',')}`;
}

/**
 * Split a scope into its type, name and actions. The name may hold `host:port`
 * (`repository:localhost:5000/app:pull`), so the actions are after the last colon and the type before the first.
 */
export function parseScope(scope: string): { type: string; name: string; actions: string[] } | undefined {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first === -1 || last === first) return undefined;
  return {
    type: scope.slice(0, first),
    name: scope.slice(first + 1, last),
    actions: scope
      .slice(last + 1)
      .split(',')
      .filter((a) => a !== ''),
  };
}
