// CNCF distribution registries (Debian `docker-registry`), one process per variant, each on its own
// random loopback port and storage directory: plain HTTP, TLS, TLS + token auth, TLS + htpasswd.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Daemon, startDaemon, waitReady } from './daemon.js';
import { run } from './exec.js';
import { envDir, repoRoot } from './paths.js';
import type { Pki } from './pki.js';
import { freePorts } from './ports.js';
import type { SystemTools } from './prereqs.js';
import { probe } from './probe.js';

/** The one user both auth variants accept. */
export const testUser = 'regshift';
export const testPassword = 'regshift-test-password';

export type RegistryVariant = 'plain' | 'tls' | 'token' | 'basic';
export const registryVariants: readonly RegistryVariant[] = ['plain', 'tls', 'token', 'basic'];

const tokenService = 'regshift-test-registry';
const tokenIssuer = 'regshift-test-token-issuer';

/** host:port per variant. */
export type RegistryHosts = Record<RegistryVariant, string>;

function registryConfig(
  variant: RegistryVariant,
  dir: string,
  port: number,
  pki: Pki,
  tokenPort: number,
): object {
  const http: Record<string, unknown> = {
    addr: `127.0.0.1:${port}`,
    secret: randomBytes(16).toString('hex'),
    headers: { 'X-Content-Type-Options': ['nosniff'] },
  };
  if (variant !== 'plain') http['tls'] = { certificate: pki.registryCert, key: pki.registryKey };
  const config: Record<string, unknown> = {
    version: 0.1,
    log: { level: 'info', accesslog: { disabled: false } },
    storage: { filesystem: { rootdirectory: join(dir, 'data') }, delete: { enabled: true } },
    http,
  };
  if (variant === 'token') {
    config['auth'] = {
      token: {
        // A host name, not 127.0.0.1: crane (like other hardened clients) refuses a realm at a
        // loopback or private IP literal unless it is the registry's own host:port.
        realm: `https://localhost:${tokenPort}/token`,
        service: tokenService,
        issuer: tokenIssuer,
        rootcertbundle: pki.caCert,
      },
    };
  }
  if (variant === 'basic') {
    config['auth'] = { htpasswd: { realm: 'regshift-test', path: join(dir, 'htpasswd') } };
  }
  return config;
}

export async function startRegistries(
  stateDir: string,
  tools: SystemTools,
  pki: Pki,
  daemons: Daemon[],
): Promise<RegistryHosts> {
  const ports = await freePorts(registryVariants.length + 1);
  const tokenPort = ports[registryVariants.length]!;
  const root = join(stateDir, 'registry');
  const ca = readFileSync(pki.caCert);

  const tokenConfig = join(root, 'token-server.json');
  mkdirSync(root, { recursive: true });
  writeFileSync(
    tokenConfig,
    JSON.stringify({
      port: tokenPort,
      tlsCert: pki.registryCert,
      tlsKey: pki.registryKey,
      signingCert: pki.tokenCert,
      signingKey: pki.tokenKey,
      issuer: tokenIssuer,
      service: tokenService,
      user: testUser,
      password: testPassword,
    }),
  );
  const tokenServer = startDaemon(
    'token-server',
    process.execPath,
    ['--import', 'tsx', join(envDir, 'token-server.ts'), tokenConfig],
    { log: join(root, 'token-server.log'), cwd: repoRoot },
  );
  daemons.push(tokenServer);

  // bcrypt, the only hash the registry's htpasswd mode accepts.
  const { stdout } = await run(tools.htpasswd, ['-Bbn', testUser, testPassword]);
  mkdirSync(join(root, 'basic'), { recursive: true });
  writeFileSync(join(root, 'basic', 'htpasswd'), `${stdout.trim()}\n`);

  const hosts = {} as RegistryHosts;
  const waits: Promise<void>[] = [];
  registryVariants.forEach((variant, i) => {
    const port = ports[i]!;
    const dir = join(root, variant);
    mkdirSync(dir, { recursive: true });
    const configFile = join(dir, 'config.yml');
    // JSON is YAML, and the registry reads YAML.
    writeFileSync(configFile, JSON.stringify(registryConfig(variant, dir, port, pki, tokenPort), null, 2));
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('REGISTRY_')));
    const daemon = startDaemon(`registry (${variant})`, tools.registry, ['serve', configFile], {
      log: join(dir, 'registry.log'),
      env,
    });
    daemons.push(daemon);
    hosts[variant] = `127.0.0.1:${port}`;
    const url = `${variant === 'plain' ? 'http' : 'https'}://127.0.0.1:${port}/v2/`;
    const expected = variant === 'token' || variant === 'basic' ? 401 : 200;
    waits.push(waitReady(daemon, async () => (await probe(url, { ca })).status === expected, 30_000));
  });
  waits.push(
    waitReady(
      tokenServer,
      async () =>
        (await probe(`https://127.0.0.1:${tokenPort}/token?service=${tokenService}`, { ca })).status === 200,
      30_000,
    ),
  );
  await Promise.all(waits);
  return hosts;
}
