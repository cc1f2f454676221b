// What a test needs to reach the environment. Reads process.env, which the `env` project's global
// setup fills (and `. .testenv/env.sh` fills in a shell), so it works in tests, benches and scripts.
import { join } from 'node:path';
import { nodeTaint } from './node/kubelet.js';
import type { EnvVars } from './vars.js';

export { trustRegistry } from './node/hosts.js';
export { testPassword, testUser } from './registry.js';
export type { EnvVars } from './vars.js';

export interface TestEnv {
  kubeconfig: string;
  /** host:port of each registry variant; all but `plain` serve TLS signed by `caFile`. */
  registries: { plain: string; tls: string; token: string; basic: string };
  /** The one user the `token` and `basic` registries accept. */
  user: string;
  password: string;
  caFile: string;
  /** A directory holding ca.crt, for `skopeo --cert-dir`. */
  certDir: string;
  bin: { kubectl: string; helm: string; crane: string; skopeo: string; kyverno: string; gator: string };
  /** process.env plus what makes Go tools (crane, helm) trust the test CA. */
  toolEnv: NodeJS.ProcessEnv;
  /** The node (containerd + kubelet), unless the environment runs without it (REGSHIFT_TESTENV_NODE=0). */
  node: TestNode | undefined;
}

export interface TestNode {
  name: string;
  /** containerd's hosts.toml directory: `trustRegistry(node.hostsDir, host, …)` for a registry a test starts. */
  hostsDir: string;
  /** The environment's pause image: a static binary that prints its first argument and waits for SIGTERM. */
  pauseImage: string;
}

/** The annotation a namespace needs for its Pods to run on the node (the node is tainted for all others). */
export const nodeNamespaceAnnotations = {
  'scheduler.alpha.kubernetes.io/defaultTolerations': JSON.stringify([
    { key: nodeTaint.key, operator: 'Exists', effect: nodeTaint.effect },
  ]),
};

/** For tests that need the node: fails (never skips) when the environment has none. */
export function requireNode(env: TestEnv): TestNode {
  if (env.node) return env.node;
  throw new Error(
    "this test needs the test environment's node (containerd + kubelet), and the environment runs without it: " +
      'unset REGSHIFT_TESTENV_NODE=0, or see test/env/README.md for what the node needs (root, cgroups, mounts).',
  );
}

const names: (keyof EnvVars)[] = [
  'KUBECONFIG',
  'REGSHIFT_TEST_REGISTRY',
  'REGSHIFT_TEST_REGISTRY_TLS',
  'REGSHIFT_TEST_REGISTRY_TOKEN',
  'REGSHIFT_TEST_REGISTRY_BASIC',
  'REGSHIFT_TEST_REGISTRY_USER',
  'REGSHIFT_TEST_REGISTRY_PASSWORD',
  'REGSHIFT_TEST_CA_FILE',
  'REGSHIFT_TEST_CERT_DIR',
  'REGSHIFT_TEST_BIN_DIR',
];

export function testEnv(env: NodeJS.ProcessEnv = process.env): TestEnv {
  const missing = names.filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new Error(
      `test environment variables missing (${missing.join(', ')}): run env tests with ` +
        '`npx vitest run --project env` (its global setup starts the environment), or ' +
        '`npm run testenv:up` and `. .testenv/env.sh` first.',
    );
  }
  const v = env as unknown as EnvVars;
  const bin = v.REGSHIFT_TEST_BIN_DIR;
  return {
    kubeconfig: v.KUBECONFIG,
    registries: {
      plain: v.REGSHIFT_TEST_REGISTRY,
      tls: v.REGSHIFT_TEST_REGISTRY_TLS,
      token: v.REGSHIFT_TEST_REGISTRY_TOKEN,
      basic: v.REGSHIFT_TEST_REGISTRY_BASIC,
    },
    user: v.REGSHIFT_TEST_REGISTRY_USER,
    password: v.REGSHIFT_TEST_REGISTRY_PASSWORD,
    caFile: v.REGSHIFT_TEST_CA_FILE,
    certDir: v.REGSHIFT_TEST_CERT_DIR,
    bin: {
      kubectl: join(bin, 'kubectl'),
      helm: join(bin, 'helm'),
      crane: join(bin, 'crane'),
      skopeo: join(bin, 'skopeo'),
      kyverno: join(bin, 'kyverno'),
      gator: join(bin, 'gator'),
    },
    toolEnv: { ...env, SSL_CERT_FILE: v.REGSHIFT_TEST_CA_FILE },
    node:
      v.REGSHIFT_TEST_NODE && v.REGSHIFT_TEST_NODE_HOSTS_DIR && v.REGSHIFT_TEST_PAUSE_IMAGE
        ? {
            name: v.REGSHIFT_TEST_NODE,
            hostsDir: v.REGSHIFT_TEST_NODE_HOSTS_DIR,
            pauseImage: v.REGSHIFT_TEST_PAUSE_IMAGE,
          }
        : undefined,
  };
}
