// Checks for what the environment runs but does not build. A missing one is an error that says how
// to install it: tests that need the environment fail, they are never skipped.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Debian packages per command; test/env/prereqs.sh installs the same list. */
const debianPackages: Record<string, string> = {
  'docker-registry': 'docker-registry',
  skopeo: 'skopeo',
  htpasswd: 'apache2-utils',
  openssl: 'openssl',
  tinyproxy: 'tinyproxy',
  containerd: 'containerd',
  runc: 'runc',
  ip: 'iproute2',
  unshare: 'util-linux',
};

/** The node's CNI plugins (not on PATH). */
const cniPlugins = ['/usr/lib/cni/bridge', '/usr/lib/cni/host-local'];

export function which(command: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface SystemTools {
  registry: string;
  skopeo: string;
  htpasswd: string;
  openssl: string;
  tinyproxy: string;
  go: string;
}

export function requireSystemTools(): SystemTools {
  const found = new Map<string, string>();
  const missing: string[] = [];
  for (const command of [...Object.keys(debianPackages), 'go']) {
    const path = which(command);
    if (path) found.set(command, path);
    else missing.push(command);
  }
  if (!cniPlugins.every(executable)) missing.push('CNI plugins');
  if (missing.length > 0) {
    const packages = missing
      .filter((c) => c !== 'go')
      .map((c) => (c === 'CNI plugins' ? 'containernetworking-plugins' : debianPackages[c]));
    const lines = [`test environment: missing ${missing.join(', ')}.`];
    if (packages.length > 0) {
      lines.push(`Install with: bash test/env/prereqs.sh  (apt-get install -y ${packages.join(' ')})`);
    }
    if (missing.includes('go')) {
      lines.push(
        'Install Go >= 1.26 (https://go.dev/doc/install); it builds kube-apiserver, etcd, helm and crane.',
      );
    }
    throw new Error(lines.join('\n'));
  }
  return {
    registry: found.get('docker-registry')!,
    skopeo: found.get('skopeo')!,
    htpasswd: found.get('htpasswd')!,
    openssl: found.get('openssl')!,
    tinyproxy: found.get('tinyproxy')!,
    go: found.get('go')!,
  };
}
