// The Pods' network: the Debian CNI plugins' bridge with host-local addresses, one bridge and one
// /24 per node (its id in the name) so nodes on one machine never meet. No gateway and no masquerade:
// Pods need no route out (images are pulled by containerd on the host), so the machine's iptables and
// net.ipv4.ip_forward stay untouched.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listRecords } from './record.js';

export const cniBinDir = '/usr/lib/cni';

/** A 10.123.<n>.0/24 that no interface, route or other node of this machine uses. */
export function freePodCidr(): string {
  const routes = execFileSync('ip', ['-4', 'route', 'show', 'table', 'all'], { encoding: 'utf8' });
  const addresses = execFileSync('ip', ['-4', '-o', 'addr', 'show'], { encoding: 'utf8' });
  const taken = new Set(listRecords().map((r) => r.cidr));
  const used = `${routes}\n${addresses}`;
  const start = Math.floor(Math.random() * 250);
  for (let i = 0; i < 250; i++) {
    const n = (start + i) % 250;
    const cidr = `10.123.${n}.0/24`;
    if (!taken.has(cidr) && !used.includes(`10.123.${n}.`)) return cidr;
  }
  throw new Error('no free 10.123.x.0/24 for the node');
}

export function writeCniConfig(
  confDir: string,
  stateDir: string,
  id: string,
  bridge: string,
  cidr: string,
): void {
  mkdirSync(confDir, { recursive: true });
  const config = {
    cniVersion: '1.0.0',
    name: `regshift-${id}`,
    plugins: [
      {
        type: 'bridge',
        bridge,
        isGateway: false,
        ipMasq: false,
        ipam: {
          type: 'host-local',
          // Not /var/lib/cni/networks: the leases live and die with the node.
          dataDir: join(stateDir, 'ipam'),
          ranges: [[{ subnet: cidr }]],
        },
      },
    ],
  };
  writeFileSync(join(confDir, '10-regshift.conflist'), `${JSON.stringify(config, null, 2)}\n`);
}
