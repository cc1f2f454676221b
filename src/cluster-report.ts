/**
 * The cluster report: the DESIGN.md contract with cluster fields, plus pull failures and cluster
 * facts. Findings-level types: `cluster/` produces them and `report/` reads them, neither imports the other.
 */
import type { ClusterFinding, Diagnostic, ObjectRef } from './findings.js';

/**
 * A problem with one cluster, namespace or resource; the scan went on. `path` names what was read, not
 * the cluster (that is `cluster`): `NS/resource`, `*\/resource` for a cluster-wide list, the Helm release
 * storage `NS/NAME`, or '' for the cluster itself.
 */
export interface ClusterDiagnostic extends Diagnostic {
  cluster: string;
  /** How many times the same problem happened (one diagnostic per cause). */
  count?: number;
  /** For permission problems: what was refused. */
  verb?: string;
  resource?: string;
  namespace?: string | null;
}

export type PullFailureReason = 'ErrImagePull' | 'ImagePullBackOff' | 'FailedCreatePodSandBox' | 'Failed';

/** A pull failing now: a container waiting on its image, or a pull/sandbox event. */
export interface PullFailure {
  cluster: string;
  namespace: string | null;
  /** The pod (or, for events, the object the event is about). */
  object: ObjectRef;
  container: string | null;
  reason: PullFailureReason;
  message: string;
  /** The image that failed, when the status or message names it. */
  image: string | null;
  /** Registry hosts the message or image names (the image's own first): old and new alike. */
  hosts: string[];
  /** True when the image is on a registry the rules move away from. */
  oldRegistry: boolean;
  from: 'status' | 'event';
  /** How many times the event was seen (1 for statuses). */
  count: number;
}

export interface ClusterSummary {
  clusters: number;
  /** Workload objects read (not Pods). */
  objects: number;
  pods: number;
  /** Pods running or declaring an old image, each counted once. */
  podsWithFindings: number;
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
    podsWithFindings: number;
    nodes: number;
    helmReleases: number;
  }[];
  findings: ClusterFinding[];
  pullFailures: PullFailure[];
  errors: ClusterDiagnostic[];
  summary: ClusterSummary;
}
