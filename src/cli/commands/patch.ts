import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { clientsFromKubeconfig, type KubeClient, scanCluster } from '../../cluster/index.js';
import type { ClusterDiagnostic } from '../../cluster-report.js';
import {
  applyPatches,
  type PatchDiagnostic,
  type PatchResult,
  planPatches,
  undoPatches,
} from '../../patch/index.js';
import { version } from '../../version.js';
import {
  clusterSelectionOptions,
  parseOutputFormat,
  ruleOptions,
  ruleOptionsHelp,
  rulesFromFlags,
} from '../common.js';
import { type CliIO, type Command, exitCodes, UsageError } from '../io.js';
import { findingsFrom, readJson, undoFrom } from './patch-input.js';
import { patchSummary, renderPatchTable } from './patch-table.js';

const usage = `Usage: regshift patch [options]                 plan: server-side dry-run and diff, writes nothing
       regshift patch --apply [--record FILE]    write the patches, and an undo record
       regshift patch --from cluster.json [--apply]
       regshift patch --undo FILE                restore what an --apply changed

Patch live workloads at their owner so the old registry stays gone: Deployments, StatefulSets,
DaemonSets, ReplicaSets without an owner, ReplicationControllers, CronJobs (spec.jobTemplate) and bare
Pods; all container lists; only the registry prefix changes (tags and digests stay). Each patch tests the
old image first, so an object changed since the plan is refused, not overwritten (field manager regshift).

Not patched, with the reason or what to run instead: objects Helm, Argo CD or Flux manage (their manager
would put the old image back: Helm releases get the exact helm upgrade command, the others the source to
change), old Deployment revisions, Jobs that ran (their template cannot change), node pause images (a
runtime setting on the node), custom resources' children.

Options:
  --apply                write the patches (default: plan only)
  --force                also patch managed objects, with a warning (their manager will revert it)
  --from FILE            findings from \`regshift cluster -o json\` instead of a live scan
  --record FILE          where --apply writes the undo record (default ./regshift-undo-<time>.json)
  --undo FILE            apply the inverse patches of an undo record
  -o, --output FORMAT    table (default) or json
  --kubeconfig FILE      default: $KUBECONFIG, ~/.kube/config, then in-cluster config
  --context NAME         a kubeconfig context (default: the current one)
  --all-contexts         every context in the kubeconfig
  -n, --namespace NS     only this namespace
  --namespaces A,B       only these namespaces
  -A, --all-namespaces   every namespace (the default)
  -l, --selector SEL     a label selector for workloads and pods
  --timeout SECONDS      deadline of each API request (default 10)
${ruleOptionsHelp}
  -h, --help             show this help

Exit codes: 0 everything planned was applied, or nothing needed it; 1 something is left to do (a plan,
a skip, a command to run, a refusal or failure); 2 usage error or a cluster that cannot be reached.
Examples:
  regshift patch -n shop                     # what would change, as a diff
  regshift patch -n shop --apply --record undo.json
  regshift patch --undo undo.json
`;

function recordName(): string {
  return `regshift-undo-${new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}.json`;
}

async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      apply: { type: 'boolean' },
      force: { type: 'boolean' },
      from: { type: 'string' },
      record: { type: 'string' },
      undo: { type: 'string' },
      output: { type: 'string', short: 'o' },
      ...clusterSelectionOptions,
      timeout: { type: 'string' },
      ...ruleOptions,
    },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const format = parseOutputFormat(values.output, ['table', 'json']);
  if (values.undo !== undefined && (values.apply || values.from !== undefined || values.force))
    throw new UsageError('--undo restores a record by itself: leave out --apply, --from and --force');
  if (values.from !== undefined && (values.namespace ?? values.namespaces ?? values.selector) !== undefined)
    throw new UsageError('--from reads findings already chosen: leave out -n, --namespaces and -l');
  if (values.namespace !== undefined && values['all-namespaces'])
    throw new UsageError('-n and -A contradict each other: choose one namespace or all of them');
  if (values.context !== undefined && values['all-contexts'])
    throw new UsageError('--context and --all-contexts contradict each other');
  if (values.record !== undefined && !values.apply) throw new UsageError('--record goes with --apply');
  let timeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    const n = Number(values.timeout);
    if (!Number.isInteger(n) || n <= 0)
      throw new UsageError(`--timeout ${values.timeout}: give a whole number of seconds above 0`);
    timeoutMs = n * 1000;
  }
  const namespaces = values.namespaces?.split(',').map((n) => n.trim());

  const undoDoc =
    values.undo === undefined ? undefined : undoFrom(await readJson(values.undo, io, '--undo'), values.undo);
  const fromDoc =
    values.from === undefined
      ? undefined
      : findingsFrom(await readJson(values.from, io, '--from'), values.from);
  // A record or a findings file names its contexts: every context of the kubeconfig may be needed.
  const named = undoDoc !== undefined || fromDoc !== undefined;
  const clients: KubeClient[] = await clientsFromKubeconfig({
    kubeconfig: values.kubeconfig,
    context: named ? undefined : values.context,
    allContexts: named || values['all-contexts'],
    ...(timeoutMs ? { timeoutMs } : {}),
  });
  try {
    const mode = undoDoc ? 'undo' : values.apply ? 'apply' : 'plan';
    let scanErrors: ClusterDiagnostic[] = [];
    let result: PatchResult;
    let recordFile: string | null = null;
    if (undoDoc) {
      result = await undoPatches(undoDoc, { clients });
    } else {
      let findings = fromDoc;
      if (!findings) {
        const report = await scanCluster({
          clients,
          namespace: values.namespace,
          ...(namespaces ? { namespaces } : {}),
          selector: values.selector,
          rules: await rulesFromFlags(values, io),
          // Pull-failure events say nothing about what to patch.
          events: false,
        });
        if (report.clusters.every((c) => !c.reachable)) {
          for (const e of report.errors)
            io.stderr.write(`regshift patch: ${e.cluster}: ${e.code}: ${e.message}\n`);
          return exitCodes.usage;
        }
        findings = report.findings;
        scanErrors = report.errors;
      }
      const options = { clients, force: values.force === true };
      result = await planPatches(findings, options);
      if (values.apply) {
        const applied = await applyPatches(result, options);
        result = applied;
        if (applied.undo.patches.length > 0) {
          recordFile = resolve(io.cwd, values.record ?? recordName());
          await writeFile(recordFile, `${JSON.stringify(applied.undo, null, 2)}\n`, { mode: 0o600 });
        }
      }
    }
    const errors: (ClusterDiagnostic | PatchDiagnostic)[] = [...scanErrors, ...result.errors];
    const summary = patchSummary(result.patches);
    if (format === 'json') {
      io.stdout.write(
        `${JSON.stringify({ tool: { name: 'regshift', version }, command: 'patch', mode, patches: result.patches, undoRecord: recordFile, errors, summary }, null, 2)}\n`,
      );
    } else {
      io.stdout.write(renderPatchTable(result.patches, errors, mode, recordFile));
    }
    const done = result.patches.every((e) => e.outcome === 'applied' || e.outcome === 'restored');
    return done && result.errors.length === 0 ? exitCodes.ok : exitCodes.findings;
  } finally {
    await Promise.all(clients.map((c) => c.close?.()));
  }
}

export const patchCommand: Command = {
  name: 'patch',
  summary: 'patch live workloads at their owner (plan, apply, undo)',
  usage,
  run,
};
