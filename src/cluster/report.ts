/** The cluster report: the DESIGN.md contract with cluster fields, plus pull failures and cluster facts. */
import type { ClusterFinding } from '../findings.js';
import type { ClusterDiagnostic } from './list.js';
import type { PullFailure } from './pulls.js';

export interface ClusterSummary {
  clusters: number;
  /** Workload objects read (not Pods). */
  objects: number;
  pods: number;
  nodes: number;
  helmReleases: number;
  findings: number;
  pullFailures: number;
}

export interface ClusterReport {
  tool: { name: 'regshift'; version: string };
  clusters: {
    name: string;
    server: string;
    reachable: boolean;
    objects: number;
    pods: number;
    nodes: number;
    helmReleases: number;
  }[];
  findings: ClusterFinding[];
  pullFailures: PullFailure[];
  errors: ClusterDiagnostic[];
  summary: ClusterSummary;
}
