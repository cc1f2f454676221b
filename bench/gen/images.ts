// Image pools and the per-file picker: which files get a legacy reference is decided here, and recorded.
import type { Random } from '../lib/prng.js';

export interface Image {
  registry: string;
  repository: string;
  tag: string;
  full: string;
  legacy: boolean;
}

/** Real images that lived under k8s.gcr.io and friends. */
const legacyRepos = [
  ['pause', '3.2'],
  ['pause', '3.6'],
  ['metrics-server/metrics-server', 'v0.6.1'],
  ['ingress-nginx/controller', 'v1.2.1'],
  ['kube-state-metrics/kube-state-metrics', 'v2.5.0'],
  ['coredns/coredns', 'v1.8.6'],
  ['etcd', '3.5.3-0'],
  ['kube-proxy', 'v1.24.3'],
  ['sig-storage/csi-node-driver-registrar', 'v2.5.1'],
  ['git-sync/git-sync', 'v3.6.1'],
  ['e2e-test-images/busybox', '1.29-2'],
  ['defaultbackend-amd64', '1.5'],
  ['autoscaling/cluster-autoscaler', 'v1.21.0'],
  ['addon-resizer', '1.8.14'],
  ['dns/k8s-dns-node-cache', '1.21.1'],
] as const;

/** Weighted: most legacy references in the wild are k8s.gcr.io itself. */
const legacyRegistries = [
  ...Array(14).fill('k8s.gcr.io'),
  'gcr.io/google-containers',
  'gcr.io/google_containers',
  'gcr.io/k8s-artifacts-prod',
  'us.gcr.io/k8s-artifacts-prod',
  'eu.gcr.io/k8s-artifacts-prod',
  'asia.gcr.io/k8s-artifacts-prod',
] as string[];

const modern: readonly (readonly [string, string, string])[] = [
  ['docker.io', 'library/nginx', '1.25.3'],
  ['docker.io', 'library/redis', '7.2-alpine'],
  ['docker.io', 'bitnami/postgresql', '15.4.0'],
  ['quay.io', 'prometheus/node-exporter', 'v1.6.1'],
  ['quay.io', 'jetstack/cert-manager-controller', 'v1.13.2'],
  ['registry.k8s.io', 'pause', '3.9'],
  ['registry.k8s.io', 'ingress-nginx/controller', 'v1.9.4'],
  ['registry.k8s.io', 'metrics-server/metrics-server', 'v0.6.4'],
  ['gcr.io', 'distroless/static', 'nonroot'],
  ['gcr.io', 'distroless/base-debian12', 'latest'],
  ['mcr.microsoft.com', 'dotnet/aspnet', '8.0'],
  ['public.ecr.aws', 'docker/library/alpine', '3.19'],
  ['ghcr.io', 'fluxcd/source-controller', 'v1.2.2'],
  ['europe-docker.pkg.dev', 'acme-prod/base/python', '3.12-slim'],
];

/** Hosts and paths that contain a legacy prefix as text but are not the legacy registry. */
export const decoys = [
  'k8s.gcr.io.mirror.acme.internal/pause:3.2',
  'ghcr.io/acme/k8s.gcr.io-mirror/pause:3.9',
  'harbor.acme.internal/proxy-k8s.gcr.io/coredns/coredns:v1.8.6',
];

/** What the generator put in one file, for the sanity check. */
export type Planted = 'none' | 'rewritable' | 'mention' | 'decoy';

export class FileImages {
  planted: Planted = 'none';

  constructor(
    private readonly rng: Random,
    private readonly app: string,
    /** Whether this file should carry a legacy reference. */
    private readonly legacy: boolean,
  ) {}

  /** The next image slot: the app's own image, a third-party one, or (in a legacy file) a legacy one. */
  img(): Image {
    const { rng } = this;
    if (this.legacy && (this.planted !== 'rewritable' || rng.chance(0.3))) {
      this.planted = 'rewritable';
      const [repository, tag] = rng.pick(legacyRepos);
      const registry = rng.pick(legacyRegistries);
      return { registry, repository, tag, full: `${registry}/${repository}:${tag}`, legacy: true };
    }
    if (rng.chance(0.4)) {
      const registry = rng.pick(['ghcr.io/acme', '123456789012.dkr.ecr.us-east-1.amazonaws.com']);
      const tag = `1.${rng.int(0, 40)}.${rng.int(0, 9)}-${rng.hex(7)}`;
      return { registry, repository: this.app, tag, full: `${registry}/${this.app}:${tag}`, legacy: false };
    }
    const [registry, repository, tag] = rng.pick(modern);
    return { registry, repository, tag, full: `${registry}/${repository}:${tag}`, legacy: false };
  }

  /** Mark the file as holding only a mention (bare host in prose): found by rg, not rewritable. */
  mention(): string {
    if (this.planted === 'none') this.planted = 'mention';
    return 'k8s.gcr.io';
  }

  decoy(): string {
    if (this.planted === 'none') this.planted = 'decoy';
    return this.rng.pick(decoys);
  }
}
