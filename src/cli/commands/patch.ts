import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { clientsFromKubeconfig, clusterDefaults, type KubeClient, scanCluster } from '../../cluster/index.js';
import type { ClusterDiagnostic } from '../../cluster-report.js';
import {
  applyPatches,
  EarlyDryRuns,
  type PatchDiagnostic,
  type PatchResult,
  patchDefaults,
  planPatches,
  undoPatches,
} from '../../patch/index.js';
import { patchSummary, renderPatchTable } from '../../report/patch-table.js';
import { withHint } from '../../report/summary.js';
import { version } from '../../version.js';
import { defineCommand } from '../command.js';
import {
  clusterSelectionFlags,
  namespacesFromFlags,
  refuseContradictions,
  ruleFlags,
  rulesFromFlags,
} from '../common.js';
import { flag, type Values } from '../flags.js';
import { type CliIO, type Command, exitCodes, UsageError } from '../io.js';
import { findingsFrom, readJson, undoFrom } from './patch-input.js';

const flags = {
  apply: flag.switch('write the patches (default: plan only)'),
  force: flag.switch('also patch managed objects, with a warning (their manager will revert it)'),
  from: flag.text('FILE', 'findings from `regshift cluster -o json` instead of a live scan'),
  record: flag.text('FILE', 'where --apply writes the undo record (default ./regshift-undo-<time>.json)'),
  undo: flag.text('FILE', 'apply the inverse patches of an undo record'),
  output: flag.output(['table', 'json'], 'table or json', 'table'),
  ...clusterSelectionFlags,
  timeout: flag.duration(
    'deadline of each API request, e.g. 10s; a plain number is seconds (default {default})',
    { default: clusterDefaults.timeoutMs },
  ),
  ...ruleFlags,
};

function recordName(): string {
  return `regshift-undo-${new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}.json`;
}

async function run(values: Values<typeof flags>, positionals: string[], io: CliIO): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const format = values.output;
  if (values.undo !== undefined && (values.apply || values.from !== undefined || values.force))
    throw new UsageError('--undo restores a record by itself: leave out --apply, --from and --force');
  if (values.from !== undefined && (values.namespace ?? values.namespaces ?? values.selector) !== undefined)
    throw new UsageError('--from reads findings already chosen: leave out -n, --namespaces and -l');
  refuseContradictions(values);
  if (values.record !== undefined && !values.apply) throw new UsageError('--record goes with --apply');

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
    timeoutMs: values.timeout,
    // The early dry-runs get connections of their own: queued behind them, the lists' pages would wait.
    connections: clusterDefaults.connections + patchDefaults.earlyConcurrency,
  });
  try {
    const mode = undoDoc ? 'undo' : values.apply ? 'apply' : 'plan';
    let scanErrors: ClusterDiagnostic[] = [];
    let result: PatchResult;
    let recordFile: string | null = null;
    if (undoDoc) {
      result = await undoPatches(undoDoc, { clients });
    } else {
      const options = { clients, force: values.force };
      let findings = fromDoc;
      // A plan from a live scan dry-runs each root as soon as its page is read, while the scan goes on.
      const early = fromDoc
        ? undefined
        : new EarlyDryRuns(clients, { ...options, concurrency: patchDefaults.earlyConcurrency });
      if (!findings) {
        const report = await scanCluster({
          clients,
          namespace: values.namespace,
          ...namespacesFromFlags(values),
          selector: values.selector,
          rules: await rulesFromFlags(values, io),
          // Pull-failure events say nothing about what to patch.
          events: false,
          onRootFindings: (found) => early?.start(found),
        });
        if (report.clusters.every((c) => !c.reachable)) {
          for (const e of report.errors)
            io.stderr.write(`regshift patch: ${e.cluster}: ${e.code}: ${withHint(e)}\n`);
          return exitCodes.usage;
        }
        findings = report.findings;
        scanErrors = report.errors;
      }
      result = await planPatches(findings, { ...options, ...(early ? { early } : {}) });
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

export const patchCommand: Command = defineCommand({
  name: 'patch',
  usage: [
    'regshift patch [options]                 plan: server-side dry-run and diff, writes nothing',
    'regshift patch --apply [--record FILE]    write the patches, and an undo record',
    'regshift patch --from cluster.json [--apply]',
    'regshift patch --undo FILE                restore what an --apply changed',
  ],
  description: `Patch live workloads at their owner so the old registry stays gone: Deployments, StatefulSets,
DaemonSets, ReplicaSets without an owner, ReplicationControllers, CronJobs (spec.jobTemplate) and bare
Pods; all container lists; only the registry prefix changes (tags and digests stay). Each patch tests the
old image first, so an object changed since the plan is refused, not overwritten (field manager regshift).

Not patched, with the reason or what to run instead: objects Helm, Argo CD or Flux manage (their manager
would put the old image back: Helm releases get the exact helm upgrade command, the others the source to
change), old Deployment revisions, Jobs that ran (their template cannot change), node pause images (a
runtime setting on the node), custom resources' children.`,
  flags,
  more: `Exit codes: 0 everything planned was applied, or nothing needed it; 1 something is left to do (a plan,
a skip, a command to run, a refusal or failure); 2 usage error or a cluster that cannot be reached.
Examples:
  regshift patch -n shop                     # what would change, as a diff
  regshift patch -n shop --apply --record undo.json
  regshift patch --undo undo.json
`,
  run,
});
