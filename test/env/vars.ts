// The variables a running environment exports, and `.testenv/env.sh`, which exports them to a shell.
import { writeFileSync } from 'node:fs';
import { delimiter } from 'node:path';
import type { RegistryHosts } from './registry.js';

/** Names other tests rely on; keep them stable. */
export interface EnvVars {
  KUBECONFIG: string;
  REGSHIFT_TEST_REGISTRY: string;
  REGSHIFT_TEST_REGISTRY_TLS: string;
  REGSHIFT_TEST_REGISTRY_TOKEN: string;
  REGSHIFT_TEST_REGISTRY_BASIC: string;
  REGSHIFT_TEST_REGISTRY_USER: string;
  REGSHIFT_TEST_REGISTRY_PASSWORD: string;
  REGSHIFT_TEST_CA_FILE: string;
  /** A directory holding only ca.crt, for `skopeo --cert-dir` and containerd-style certs.d. */
  REGSHIFT_TEST_CERT_DIR: string;
  /** kubectl, helm, crane and skopeo; also prepended to PATH. */
  REGSHIFT_TEST_BIN_DIR: string;
  /** The node (absent when REGSHIFT_TESTENV_NODE=0): its name, containerd's hosts.toml directory, its pause image. */
  REGSHIFT_TEST_NODE?: string;
  REGSHIFT_TEST_NODE_HOSTS_DIR?: string;
  REGSHIFT_TEST_PAUSE_IMAGE?: string;
}

export interface VarsInput {
  kubeconfig: string;
  registries: RegistryHosts;
  user: string;
  password: string;
  caFile: string;
  certDir: string;
  binDir: string;
  node?: { name: string; hostsDir: string; pauseImage: string } | undefined;
}

export function envVars(input: VarsInput): EnvVars {
  return {
    KUBECONFIG: input.kubeconfig,
    REGSHIFT_TEST_REGISTRY: input.registries.plain,
    REGSHIFT_TEST_REGISTRY_TLS: input.registries.tls,
    REGSHIFT_TEST_REGISTRY_TOKEN: input.registries.token,
    REGSHIFT_TEST_REGISTRY_BASIC: input.registries.basic,
    REGSHIFT_TEST_REGISTRY_USER: input.user,
    REGSHIFT_TEST_REGISTRY_PASSWORD: input.password,
    REGSHIFT_TEST_CA_FILE: input.caFile,
    REGSHIFT_TEST_CERT_DIR: input.certDir,
    REGSHIFT_TEST_BIN_DIR: input.binDir,
    ...(input.node && {
      REGSHIFT_TEST_NODE: input.node.name,
      REGSHIFT_TEST_NODE_HOSTS_DIR: input.node.hostsDir,
      REGSHIFT_TEST_PAUSE_IMAGE: input.node.pauseImage,
    }),
  };
}

/** Sets the variables in `env` (process.env by default) and puts the tools first on PATH. */
export function applyVars(vars: EnvVars, env: NodeJS.ProcessEnv = process.env): void {
  Object.assign(env, vars);
  const path = (env['PATH'] ?? '').split(delimiter).filter((p) => p && p !== vars.REGSHIFT_TEST_BIN_DIR);
  env['PATH'] = [vars.REGSHIFT_TEST_BIN_DIR, ...path].join(delimiter);
}

const shellQuote = (value: string): string => `'${value.replaceAll("'", `'\\''`)}'`;

export function writeEnvSh(path: string, vars: EnvVars): void {
  const lines = [
    '# Written by test/env (npm run testenv:up). Use: . .testenv/env.sh',
    ...Object.entries(vars).map(([key, value]) => `export ${key}=${shellQuote(value)}`),
    `export PATH=${shellQuote(vars.REGSHIFT_TEST_BIN_DIR)}:"$PATH"`,
  ];
  writeFileSync(path, `${lines.join('\n')}\n`);
}
