import {
  checkPull,
  clientsFromKubeconfig,
  clusterDefaults,
  rbacManifest,
  scanCluster,
} from '../../cluster/index.js';
import { renderCheckPullTable } from '../../report/check-pull-table.js';
import { clusterOutputFormats, renderClusterReport } from '../../report/cluster-render.js';
import { checkPullEnvelope } from '../../report/envelope.js';
import { terminalText } from '../../report/escape.js';
import { withHint } from '../../report/summary.js';
import { version } from '../../version.js';
import { defineCommand } from '../command.js';
import {
  clusterSelectionFlags,
  namespacesFromFlags,
  progressReporter,
  refuseContradictions,
  ruleFlags,
  rulesFromFlags,
  styleFor,
} from '../common.js';
import { flag, type Values } from '../flags.js';
import { type CliIO, type Command, exitCodes, UsageError } from '../io.js';
import { formatDuration } from '../values.js';

const flags = {
  output: flag.output(
    clusterOutputFormats,
    'table (grouped by what to fix), json, markdown, csv, html',
    'table',
  ),
  ...clusterSelectionFlags,
  'page-size': flag.integer('N', 'objects per list request; memory follows it', {
    default: clusterDefaults.pageSize,
  }),
  'check-pull': flag.switch(
    `instead of scanning, run a pod with IMAGE (default ${clusterDefaults.checkImage})\nand report whether the nodes can pull it; the pod is always deleted`,
  ),
  'check-namespace': flag.text(
    'NS',
    `namespace for the --check-pull pod (default: ${clusterDefaults.checkNamespace})`,
  ),
  timeout: flag.duration(
    `deadline of each API request, e.g. 10s (default ${formatDuration(clusterDefaults.timeoutMs)}); with --check-pull, how\nlong it waits for the pod (default ${formatDuration(clusterDefaults.checkPullTimeoutMs)}); a plain number is seconds`,
  ),
  'print-rbac': flag.switch(
    'print the Namespace, ServiceAccount and read-only RBAC regshift needs (the\n--check-pull Role in --check-namespace), and exit',
  ),
  ...ruleFlags,
};

async function run(values: Values<typeof flags>, positionals: string[], io: CliIO): Promise<number> {
  if (values['print-rbac']) {
    io.stdout.write(rbacManifest({ checkNamespace: values['check-namespace'] }));
    return exitCodes.ok;
  }
  refuseContradictions(values);
  if (positionals.length > (values['check-pull'] ? 1 : 0))
    throw new UsageError(`unexpected argument "${positionals.at(-1)}" (only --check-pull takes an IMAGE)`);
  const format = values.output;
  const kube = {
    kubeconfig: values.kubeconfig,
    context: values.context,
    allContexts: values['all-contexts'],
  };

  if (values['check-pull']) {
    const clients = await clientsFromKubeconfig(kube);
    try {
      const results = await Promise.all(
        clients.map((client) =>
          checkPull({
            client,
            image: positionals[0],
            namespace: values['check-namespace'],
            ...(values.timeout !== undefined ? { timeoutMs: values.timeout } : {}),
          }),
        ),
      );
      io.stdout.write(
        format === 'json'
          ? `${JSON.stringify(checkPullEnvelope(results, version), null, 2)}\n`
          : terminalText(renderCheckPullTable(results)),
      );
      return results.every((r) => r.outcome === 'running') ? exitCodes.ok : exitCodes.findings;
    } finally {
      await Promise.all(clients.map((c) => c.close?.()));
    }
  }

  const rules = await rulesFromFlags(values, io);
  const progress = progressReporter(io, 'reading');
  const report = await scanCluster({
    ...kube,
    namespace: values.namespace,
    ...namespacesFromFlags(values),
    ...(values.timeout === undefined ? {} : { timeoutMs: values.timeout }),
    selector: values.selector,
    rules,
    pageSize: values['page-size'],
    onProgress: ({ cluster, objects, pods }) =>
      progress.update(`${cluster}: ${objects} objects, ${pods} pods…`),
  });
  progress.done();
  const style = format === 'table' ? styleFor(io.stdout, io.env, io.color) : undefined;
  const rendered = renderClusterReport(report, format, style);
  io.stdout.write(format === 'table' ? terminalText(rendered, style !== undefined) : rendered);
  if (format !== 'json' && format !== 'table') {
    for (const e of report.errors)
      io.stderr.write(
        `regshift cluster: ${e.cluster}${e.path ? ` ${e.path}` : ''}: ${e.code}: ${withHint(e)}\n`,
      );
  }
  // A gate must not pass because it saw nothing: every selected cluster must have been read.
  const unread = report.clusters.filter((c) => !c.reachable);
  if (unread.length > 0) {
    for (const c of unread) {
      const first = report.errors.find((e) => e.cluster === c.name);
      io.stderr.write(
        `regshift cluster: error: nothing could be checked in ${c.name} (${c.server}): ${first ? withHint(first) : 'no request succeeded'}\n`,
      );
    }
    return exitCodes.usage;
  }
  return report.findings.length > 0 || report.pullFailures.length > 0 ? exitCodes.findings : exitCodes.ok;
}

export const clusterCommand: Command = defineCommand({
  name: 'cluster',
  usage: [
    'regshift cluster [options]',
    'regshift cluster --check-pull [IMAGE] [--check-namespace NS] [--timeout DURATION]',
    'regshift cluster --print-rbac',
  ],
  description: `Find references to deprecated registries in live clusters: Pods, Deployments, StatefulSets, DaemonSets,
ReplicaSets, ReplicationControllers, Jobs, CronJobs (all container lists), Helm releases (manifest,
hooks, values) and Nodes (status.images), each traced to the owner, manager and source that must change;
and pulls failing now (ErrImagePull, ImagePullBackOff, FailedCreatePodSandBox).`,
  flags,
  more: `Exit codes: 0 nothing found (or the pull worked), 1 findings or pulls failing, 2 usage or fatal error,
or nothing could be checked in a selected cluster (unreachable, credentials rejected on every request,
nothing readable).
Examples:
  regshift cluster                           # the current context, all namespaces
  regshift cluster --all-contexts -o json > clusters.json
  regshift cluster --check-pull registry.k8s.io/busybox --check-namespace scratch
`,
  run,
});
