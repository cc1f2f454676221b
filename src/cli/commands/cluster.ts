import { parseArgs } from 'node:util';
import {
  type CheckPullResult,
  checkPull,
  clientsFromKubeconfig,
  rbacManifest,
  scanCluster,
} from '../../cluster/index.js';
import { clusterOutputFormats, renderClusterReport } from '../../report/cluster-render.js';
import { terminalText } from '../../report/escape.js';
import type { OutputFormat } from '../../report/index.js';
import {
  clusterSelectionOptions,
  parseOutputFormat,
  progressReporter,
  ruleOptions,
  ruleOptionsHelp,
  rulesFromFlags,
  styleFor,
} from '../common.js';
import { parseDuration } from '../image-flags.js';
import { type CliIO, type Command, exitCodes, UsageError } from '../io.js';

const usage = `Usage: regshift cluster [options]
       regshift cluster --check-pull [IMAGE] [--check-namespace NS] [--timeout DURATION]
       regshift cluster --print-rbac

Find references to deprecated registries in live clusters: Pods, Deployments, StatefulSets, DaemonSets,
ReplicaSets, ReplicationControllers, Jobs, CronJobs (all container lists), Helm releases (manifest,
hooks, values) and Nodes (status.images), each traced to the owner, manager and source that must change;
and pulls failing now (ErrImagePull, ImagePullBackOff, FailedCreatePodSandBox).

Options:
  -o, --output FORMAT    table (default, grouped by what to fix), json, markdown, csv, html
  --kubeconfig FILE      default: $KUBECONFIG, ~/.kube/config, then in-cluster config
  --context NAME         a kubeconfig context (default: the current one)
  --all-contexts         every context in the kubeconfig, concurrently, each result labelled
  -n, --namespace NS     only this namespace (Nodes are then not read)
  --namespaces A,B       only these namespaces; also where a scan falls back when it may not list
                         namespaces (default fallback: the kubeconfig context's namespace)
  -A, --all-namespaces   every namespace (the default)
  -l, --selector SEL     a label selector for workloads and pods, e.g. app=web
  --page-size N          objects per list request (default 200); memory follows it
  --check-pull           instead of scanning, run a pod with IMAGE (default registry.k8s.io/pause:3.10)
                         and report whether the nodes can pull it; the pod is always deleted
  --check-namespace NS   namespace for the --check-pull pod (default: default)
  --timeout DURATION     deadline of each API request, e.g. 10s (default 10s); with --check-pull, how
                         long it waits for the pod (default 60s); a plain number is seconds
  --print-rbac           print the Namespace, ServiceAccount and read-only RBAC regshift needs (the
                         --check-pull Role in --check-namespace), and exit
${ruleOptionsHelp}
  -h, --help             show this help

Exit codes: 0 nothing found (or the pull worked), 1 findings or pulls failing, 2 usage or fatal error,
or nothing could be checked in a selected cluster (unreachable, credentials rejected on every request,
nothing readable).
Examples:
  regshift cluster                           # the current context, all namespaces
  regshift cluster --all-contexts -o json > clusters.json
  regshift cluster --check-pull registry.k8s.io/busybox --check-namespace scratch
`;

function positiveInt(text: string | undefined, flag: string, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} ${text}: give a whole number above 0`);
  return n;
}

function namespacesFlag(list: string | undefined, one: string | undefined): { namespaces?: string[] } {
  if (list === undefined) return {};
  if (one !== undefined) throw new UsageError('-n and --namespaces contradict each other: choose one');
  const namespaces = list.split(',').map((n) => n.trim());
  if (namespaces.some((n) => !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(n)))
    throw new UsageError(`--namespaces ${list}: give namespace names separated by commas`);
  return { namespaces };
}

function renderCheck(results: CheckPullResult[], json: boolean): string {
  if (json) return `${JSON.stringify({ checks: results }, null, 2)}\n`;
  return `${results
    .map((r) => {
      const head = `${r.cluster}: ${r.image} in ${r.namespace}: ${r.outcome === 'pull-failed' ? `pull failed (${r.reason})` : r.outcome === 'not-scheduled' ? 'not scheduled' : r.outcome}`;
      const lines = [head];
      if (r.message) lines.push(`  ${r.message}`);
      if (r.hosts.length > 0) lines.push(`  hosts: ${r.hosts.join(', ')}`);
      if (!r.deleted)
        lines.push(`  warning: could not delete pod ${r.namespace}/${r.pod}; delete it by hand`);
      return lines.join('\n');
    })
    .join('\n')}\n`;
}

async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      output: { type: 'string', short: 'o' },
      ...clusterSelectionOptions,
      'page-size': { type: 'string' },
      'check-pull': { type: 'boolean' },
      'check-namespace': { type: 'string' },
      timeout: { type: 'string' },
      'print-rbac': { type: 'boolean' },
      ...ruleOptions,
    },
  });
  if (values['print-rbac']) {
    io.stdout.write(rbacManifest({ checkNamespace: values['check-namespace'] }));
    return exitCodes.ok;
  }
  if (values.namespace !== undefined && values['all-namespaces'])
    throw new UsageError('-n and -A contradict each other: choose one namespace or all of them');
  if (values.context !== undefined && values['all-contexts'])
    throw new UsageError('--context and --all-contexts contradict each other');
  if (positionals.length > (values['check-pull'] ? 1 : 0))
    throw new UsageError(`unexpected argument "${positionals.at(-1)}" (only --check-pull takes an IMAGE)`);
  const format = parseOutputFormat(
    values.output,
    clusterOutputFormats as OutputFormat[],
  ) as (typeof clusterOutputFormats)[number];
  const kube = {
    kubeconfig: values.kubeconfig,
    context: values.context,
    allContexts: values['all-contexts'],
  };

  if (values['check-pull']) {
    // The same durations as check and mirror (10s, 1m); a plain number is seconds, as it was.
    const timeoutMs = values.timeout === undefined ? 60_000 : parseDuration(values.timeout);
    const clients = await clientsFromKubeconfig(kube);
    try {
      const results = await Promise.all(
        clients.map((client) =>
          checkPull({ client, image: positionals[0], namespace: values['check-namespace'], timeoutMs }),
        ),
      );
      io.stdout.write(
        format === 'json' ? renderCheck(results, true) : terminalText(renderCheck(results, false)),
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
    ...namespacesFlag(values.namespaces, values.namespace),
    ...(values.timeout === undefined ? {} : { timeoutMs: parseDuration(values.timeout) }),
    selector: values.selector,
    rules,
    pageSize: positiveInt(values['page-size'], '--page-size', 200),
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
        `regshift cluster: ${e.cluster}${e.path ? ` ${e.path}` : ''}: ${e.code}: ${e.message}\n`,
      );
  }
  // A gate must not pass because it saw nothing: every selected cluster must have been read.
  const unread = report.clusters.filter((c) => !c.reachable);
  if (unread.length > 0) {
    for (const c of unread) {
      const first = report.errors.find((e) => e.cluster === c.name);
      io.stderr.write(
        `regshift cluster: error: nothing could be checked in ${c.name} (${c.server}): ${first?.message ?? 'no request succeeded'}\n`,
      );
    }
    return exitCodes.usage;
  }
  return report.findings.length > 0 || report.pullFailures.length > 0 ? exitCodes.findings : exitCodes.ok;
}

export const clusterCommand: Command = {
  name: 'cluster',
  summary: 'find references in live clusters, traced to what must change',
  usage,
  run,
};
