/**
 * Where credentials come from: REGISTRY_AUTH_FILE or containers auth.json, then the docker config
 * ($DOCKER_CONFIG/config.json or ~/.docker/config.json) with auths, credHelpers (per host, first) and credsStore.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { RegshiftError } from '../../errors.js';
import { runCredentialHelper } from './helper.js';

export type Credential = { username: string; password: string } | { identityToken: string };

export interface CredentialStore {
  /** Credentials for `registry` (host[:port]) and, where a file scopes them, `repository`. */
  get(registry: string, repository?: string): Promise<Credential | undefined>;
}

interface AuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
}

interface AuthFile {
  auths?: Record<string, AuthEntry>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

const dockerHubKey = 'https://index.docker.io/v1/';
const dockerHubNames = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** A config key as a bare host[/path]: `https://index.docker.io/v1/` → `docker.io`. */
export function normalizeKey(key: string): string {
  let out = key.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
  out = out.replace(/\/v[12]$/, '');
  const slash = out.indexOf('/');
  const host = (slash === -1 ? out : out.slice(0, slash)).toLowerCase();
  const rest = slash === -1 ? '' : out.slice(slash);
  return (dockerHubNames.has(host) ? 'docker.io' : host) + rest;
}

function fromEntry(entry: AuthEntry): Credential | undefined {
  if (entry.identitytoken) return { identityToken: entry.identitytoken };
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (entry.username && entry.password) return { username: entry.username, password: entry.password };
  return undefined;
}

/** Keys to look for, most specific first: `host/a/b`, `host/a`, `host`. */
function candidates(registry: string, repository: string | undefined): string[] {
  const host = normalizeKey(registry);
  const out: string[] = [];
  const parts = repository ? repository.split('/') : [];
  for (let n = parts.length; n > 0; n--) out.push(`${host}/${parts.slice(0, n).join('/')}`);
  out.push(host);
  return out;
}

function find<T>(map: Record<string, T> | undefined, keys: string[]): T | undefined {
  if (!map) return undefined;
  const normalized = new Map(Object.entries(map).map(([k, v]) => [normalizeKey(k), v]));
  for (const key of keys) if (normalized.has(key)) return normalized.get(key);
  return undefined;
}

async function readAuthFile(file: string): Promise<AuthFile | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as AuthFile;
  } catch {
    throw new RegshiftError('CREDENTIALS_FILE', `credentials file ${file} is not valid JSON`, {
      hint: 'Fix or remove the file (docker login / podman login rewrite it).',
    });
  }
}

/** The files consulted, in order. */
export function credentialFiles(env: NodeJS.ProcessEnv): string[] {
  const home = env['HOME'] ?? homedir();
  const files: string[] = [];
  if (env['REGISTRY_AUTH_FILE']) files.push(env['REGISTRY_AUTH_FILE']);
  else if (env['XDG_RUNTIME_DIR']) files.push(join(env['XDG_RUNTIME_DIR'], 'containers', 'auth.json'));
  files.push(join(env['XDG_CONFIG_HOME'] ?? join(home, '.config'), 'containers', 'auth.json'));
  files.push(join(env['DOCKER_CONFIG'] ?? join(home, '.docker'), 'config.json'));
  return files;
}

/** The store reading the docker and containers files named by `env`; helpers run with `env`. */
export function credentialStoreFromEnv(env: NodeJS.ProcessEnv): CredentialStore {
  const cache = new Map<string, Promise<Credential | undefined>>();
  async function lookup(registry: string, repository: string | undefined): Promise<Credential | undefined> {
    const keys = candidates(registry, repository);
    const host = keys[keys.length - 1]!;
    const serverUrl = host === 'docker.io' ? dockerHubKey : registry;
    for (const file of credentialFiles(env)) {
      const config = await readAuthFile(file);
      if (!config) continue;
      const helper = find(config.credHelpers, [host]);
      if (helper) return runCredentialHelper(helper, serverUrl, env);
      const entry = find(config.auths, keys);
      const credential = entry ? fromEntry(entry) : undefined;
      if (credential) return credential;
      if (config.credsStore) {
        const stored = await runCredentialHelper(config.credsStore, serverUrl, env);
        if (stored) return stored;
      }
    }
    return undefined;
  }
  return {
    get(registry, repository) {
      const key = `${registry}\n${repository ?? ''}`;
      let found = cache.get(key);
      if (!found) {
        found = lookup(registry, repository);
        cache.set(key, found);
      }
      return found;
    },
  };
}

/** A store with no credentials: every registry is anonymous. */
export const anonymous: CredentialStore = { get: async () => undefined };
