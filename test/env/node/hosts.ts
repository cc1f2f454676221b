// containerd's per-registry configuration (hosts.toml under its config_path): how the node reaches a
// registry. Without one, containerd speaks HTTPS with the system's CAs, as a real node would.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const hostPort = /^[A-Za-z0-9.-]+(?::\d{1,5})?$/;

export type RegistryTrust = { plainHttp: true } | { caFile: string };

/** Writes `<configPath>/<host>/hosts.toml`; containerd reads it on the next pull, no restart. */
export function trustRegistry(configPath: string, host: string, trust: RegistryTrust): void {
  if (!hostPort.test(host)) throw new Error(`not a registry host[:port]: ${JSON.stringify(host)}`);
  const url = `${'plainHttp' in trust ? 'http' : 'https'}://${host}`;
  const lines = [`server = "${url}"`, '', `[host."${url}"]`, '  capabilities = ["pull", "resolve"]'];
  if ('caFile' in trust) lines.push(`  ca = ${JSON.stringify(trust.caFile)}`);
  mkdirSync(join(configPath, host), { recursive: true });
  writeFileSync(join(configPath, host, 'hosts.toml'), `${lines.join('\n')}\n`);
}

/**
 * Every registry without its own hosts.toml goes to 127.0.0.1:9 (discard, nothing listens): a Pod
 * naming registry.k8s.io, say, fails to pull at once instead of sending traffic off this machine.
 */
export function refuseUnlistedRegistries(configPath: string): void {
  const url = 'http://127.0.0.1:9';
  mkdirSync(join(configPath, '_default'), { recursive: true });
  writeFileSync(
    join(configPath, '_default', 'hosts.toml'),
    `server = "${url}"\n\n[host."${url}"]\n  capabilities = ["pull", "resolve"]\n`,
  );
}
