// Drill step 4: what `regshift policy --mode deny --mutate` does in the real apiserver. The policy is
// cluster-wide, so it carries the drill's one rule and no built-in rules (other tests' objects name
// k8s.gcr.io), and it is removed as soon as the step is done.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { kube } from '../cluster/helpers/kube.js';
import { until } from '../cluster/helpers/kube.js';

type Kubectl = ReturnType<typeof kube>['kubectl'];
type Cli = (...args: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;

export interface DrillPolicy {
  file: string;
  remove(): Promise<void>;
}

/** Generates the policy with the CLI (run in `dir`), applies it, and waits until it has synced. */
export async function applyDenyAndMutate(input: {
  cli: Cli;
  kubectl: Kubectl;
  dir: string;
  name: string;
  rule: string;
  /** A Pod image the mutation must rewrite to `rewritten`, to tell when the policy took effect. */
  probe: { ns: string; image: string; rewritten: string };
}): Promise<DrillPolicy> {
  const { cli, kubectl, dir, name, rule, probe } = input;
  writeFileSync(join(dir, 'policy-rules.yaml'), 'builtin: false\n');
  const args = [
    '--config',
    'policy-rules.yaml',
    '--rule',
    rule,
    '--mode',
    'deny',
    '--mutate',
    '--name',
    name,
  ];
  const generated = await cli('policy', ...args);
  if (generated.code !== 0) throw new Error(`regshift policy failed: ${generated.stderr}`);
  const file = join(dir, 'policy.yaml');
  writeFileSync(file, generated.stdout);
  const policy = {
    file,
    remove: () => kubectl('delete', '--ignore-not-found', '-f', file).then(() => undefined),
  };
  await kubectl('apply', '-f', file);
  // Admission policies take effect once the apiserver has compiled them: a dry run tells.
  await until(
    'the mutating policy to take effect',
    async () => {
      const args = ['-n', probe.ns, 'run', 'probe', `--image=${probe.image}`, '--restart=Never'];
      const { stdout } = await kubectl(
        ...args,
        '--dry-run=server',
        '-o',
        'jsonpath={.spec.containers[0].image}',
      ).catch(() => ({ stdout: '' }));
      return stdout === probe.rewritten ? true : undefined;
    },
    60_000,
  );
  return policy;
}

/** The apiserver's refusal of a server-side dry run of `file` in `ns`, once the policy denies it. */
export async function refusalOf(kubectl: Kubectl, ns: string, file: string): Promise<string> {
  return until(
    'the validating policy to refuse the old manifest',
    async () => {
      const refused = await kubectl('-n', ns, 'apply', '--dry-run=server', '-f', file).then(
        () => undefined,
        (error: Error) => error.message,
      );
      return refused?.includes('ValidatingAdmissionPolicy') ? refused : undefined;
    },
    60_000,
  );
}
