/**
 * The one JSON envelope every command's `-o json` shares: `{tool, command, <results>, errors, summary}`
 * (scan and cluster build theirs with the same top level). Pure.
 */
import type { CheckReport } from '../check/run.js';
import type { CheckPullResult } from '../cluster/check-pull.js';
import type { ErrorCode } from '../errors.js';
import type { MirrorReport } from '../mirror/options.js';

export interface Envelope<C extends string, S extends object> {
  tool: { name: 'regshift'; version: string };
  command: C;
  errors: { code: ErrorCode; message: string; hint?: string | null }[];
  summary: S;
}

function envelope<C extends string, R extends object, S extends object>(
  command: C,
  version: string,
  results: R,
  summary: S,
): Envelope<C, S> & R {
  return { tool: { name: 'regshift', version }, command, ...results, errors: [], summary };
}

export function checkEnvelope(report: CheckReport, version: string) {
  return envelope('check', version, report, {
    images: report.images.length,
    sameDigest: report.images.filter((i) => i.verdict === 'same-digest').length,
    registries: report.connectivity.length,
    reachable: report.connectivity.filter((c) => c.ok).length,
  });
}

export function mirrorEnvelope(report: MirrorReport, version: string) {
  const count = (status: string) => report.results.filter((r) => r.status === status).length;
  return envelope('mirror', version, report, {
    images: report.results.length,
    copied: count('copied'),
    upToDate: count('up-to-date'),
    wouldCopy: count('would-copy'),
    failed: count('failed'),
    copiedBytes: report.results.reduce((n, r) => n + r.copiedBytes, 0),
    referrers: report.results.reduce((n, r) => n + r.referrers, 0),
  });
}

/** `cluster --check-pull`: the pulls tried, in the cluster command's envelope. */
export function checkPullEnvelope(results: CheckPullResult[], version: string) {
  const running = results.filter((r) => r.outcome === 'running').length;
  return envelope('cluster', version, { checks: results }, { checks: results.length, running });
}
