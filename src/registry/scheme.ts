/** Which registries may be spoken to over plain HTTP: loopback (as crane does) and hosts the user names. */
import { isIP } from 'node:net';

/** The host without its port: `localhost:5000` → `localhost`, `[::1]:5000` → `::1`. */
export function hostname(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon === -1 || host.indexOf(':') !== colon ? host : host.slice(0, colon);
}

export function isLoopback(host: string): boolean {
  const name = hostname(host).toLowerCase();
  if (name === 'localhost' || name.endsWith('.localhost') || name === '::1') return true;
  return isIP(name) === 4 && name.startsWith('127.');
}

/**
 * True when plain HTTP may be used for `host`: loopback addresses, or a host listed in `insecure`
 * (matched with or without its port). Such hosts are still tried over HTTPS first.
 */
export function allowsPlainHttp(host: string, insecure: readonly string[]): boolean {
  if (isLoopback(host)) return true;
  const lower = host.toLowerCase();
  return insecure.some((entry) => {
    const e = entry.toLowerCase();
    return e === lower || e === hostname(lower);
  });
}

/** The host a client dials for a registry name: Docker Hub's API lives on registry-1.docker.io. */
export function apiHost(registry: string): string {
  return registry === 'docker.io' || registry === 'index.docker.io' ? 'registry-1.docker.io' : registry;
}
