// Helpers for cluster env tests: kubectl with stdin, waiting, and a kubeconfig that adds a
// ServiceAccount's token as a second context next to the admin one (for RBAC and --all-contexts).
import { readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'yaml';
import { run } from '../../env/exec.js';
import type { TestEnv } from '../../env/index.js';

export function kube(env: TestEnv) {
  const kubectl = (...args: string[]) => run(env.bin.kubectl, ['--kubeconfig', env.kubeconfig, ...args]);
  const apply = (yaml: string, namespace?: string) =>
    run(
      env.bin.kubectl,
      ['--kubeconfig', env.kubeconfig, ...(namespace ? ['-n', namespace] : []), 'apply', '-f', '-'],
      {
        input: yaml,
      },
    );
  /** A new namespace, once its default ServiceAccount exists (Pods created before it are refused). */
  const createNamespace = async (name: string) => {
    await kubectl('create', 'namespace', name);
    const account = () => kubectl('-n', name, 'get', 'serviceaccount', 'default');
    await until(`the default ServiceAccount of ${name}`, () =>
      account().then(
        () => true,
        () => undefined,
      ),
    );
  };
  return { kubectl, apply, createNamespace };
}

export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(300);
  }
}

/** Copy the admin kubeconfig to `file`, adding context `reader` that authenticates with `token`. */
export function withTokenContext(adminFile: string, file: string, token: string): void {
  const config = parse(readFileSync(adminFile, 'utf8'));
  const cluster = config.contexts[0].context.cluster;
  config.users.push({ name: 'reader', user: { token } });
  config.contexts.push({ name: 'reader', context: { cluster, user: 'reader' } });
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
}
