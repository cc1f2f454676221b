// `regshift policy --check`: what the policy would act on today, in files or in a live cluster.
import { scanCluster } from '../../cluster/index.js';
import { policyWouldAct } from '../../policy/index.js';
import { clusterOutputFormats, renderClusterReport } from '../../report/cluster-render.js';
import { outputFormats, renderReport } from '../../report/index.js';
import { scan } from '../../scan/index.js';
import { rulesFromFlags, styleFor } from '../common.js';
import { type CliIO, exitCodes } from '../io.js';
import { parseChoice } from '../values.js';
import type { PolicyFlags } from './policy.js';

export async function check(paths: string[], values: PolicyFlags, io: CliIO): Promise<number> {
  const format = parseChoice(values.output ?? 'table', '-o', outputFormats);
  const rules = await rulesFromFlags(values, io);
  const report = await scan(paths, { cwd: io.cwd, rules });
  const findings = policyWouldAct(report.findings, {
    excludeNamespaces: values['exclude-namespace'],
    excludeImages: values['exclude-image'],
  });
  const checked = { ...report, findings, summary: { ...report.summary, findings: findings.length } };
  io.stdout.write(
    renderReport(checked, format, format === 'table' ? styleFor(io.stdout, io.env) : undefined),
  );
  for (const e of report.errors) io.stderr.write(`regshift policy: ${e.path}: ${e.code}: ${e.message}\n`);
  // A gate must not pass because it read nothing.
  if (report.summary.files === 0 && report.errors.length > 0) return exitCodes.usage;
  return findings.length > 0 ? exitCodes.findings : exitCodes.ok;
}

export async function checkCluster(values: PolicyFlags, io: CliIO): Promise<number> {
  const format = parseChoice(values.output ?? 'table', '-o', clusterOutputFormats);
  const rules = await rulesFromFlags(values, io);
  const report = await scanCluster({ kubeconfig: values.kubeconfig, context: values.context, rules });
  const findings = policyWouldAct(report.findings, {
    excludeNamespaces: values['exclude-namespace'],
    excludeImages: values['exclude-image'],
  });
  const checked = {
    ...report,
    findings,
    pullFailures: [],
    summary: { ...report.summary, findings: findings.length },
  };
  io.stdout.write(
    renderClusterReport(checked, format, format === 'table' ? styleFor(io.stdout, io.env) : undefined),
  );
  if (report.clusters.every((c) => !c.reachable)) return exitCodes.usage;
  return findings.length > 0 ? exitCodes.findings : exitCodes.ok;
}
