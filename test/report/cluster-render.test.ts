// The cluster reporters are pure: a constructed report in, exact text out.
import { describe, expect, it } from 'vitest';
import {
  renderClusterCsv,
  renderClusterMarkdown,
  renderClusterTable,
} from '../../src/report/cluster-render.js';
import { clusterReport, fixAts } from '../cluster/report-fixture.js';

const tags = {
  bold: (t: string) => `<b>${t}</b>`,
  dim: (t: string) => `<d>${t}</d>`,
  red: (t: string) => `<r>${t}</r>`,
  yellow: (t: string) => `<y>${t}</y>`,
  green: (t: string) => `<g>${t}</g>`,
};
const summary =
  '5 findings in 2 clusters (4 pods); 1 pull failing; 12 objects, 7 pods, 1 node, 1 Helm release read; 1 problem';
const sandbox = 'failed to pull image "k8s.gcr.io/pause:3.6": 403 | Forbidden retrying';

describe('renderClusterTable', () => {
  it('groups by cluster and fixAt, labels clusters, and keeps messages on one indented line', () => {
    expect(renderClusterTable(clusterReport(), tags).split('\n')).toEqual([
      `<b>[prod] ${fixAts.deploy}</b>`,
      '  shop/deployment/web (app)  <r>k8s.gcr.io/pause:3.2</r> → <g>registry.k8s.io/pause:3.2</g><d>  3 pods</d><y>  running from the new registry</y>',
      '<d>    spec.template.spec.containers[0].image</d>',
      '  shop/replicaset/web-1 (init)  <r>k8s.gcr.io/busybox:1.28</r> → <g>registry.k8s.io/busybox:1.28</g>',
      '<d>    spec.template.spec.initContainers[0].image  ← Deployment/web</d>',
      '',
      `<b>[prod] ${fixAts.helm}</b>`,
      '  shop/secret/sh.helm.release.v1.cart.v2  <r>k8s.gcr.io</r> → <g>registry.k8s.io</g>',
      '<d>    config.image.registry</d>',
      '',
      `<b>[prod] ${fixAts.node}</b>`,
      '  node/n1  <r>k8s.gcr.io/pause:3.6</r> → <g>registry.k8s.io/pause:3.6</g>',
      '<d>    status.images[0].names</d>',
      '',
      `<b>[staging] ${fixAts.deploy}</b>`,
      '  shop/deployment/web (app)  <r>k8s.gcr.io/pause:3.2</r> → <g>registry.k8s.io/pause:3.2</g><d>  1 pod</d>',
      '<d>    spec.template.spec.containers[0].image</d>',
      '',
      '<b>Pulls failing now</b>',
      '  [prod] shop/pod/web-1-a  <r>FailedCreatePodSandBox</r>  k8s.gcr.io/pause:3.6  hosts: k8s.gcr.io, registry.k8s.io',
      `<d>    ${sandbox}</d>`,
      '',
      '<b>Problems</b>',
      '  <y>FORBIDDEN</y>  [staging] */secrets: not allowed to list secrets',
      '',
      summary,
      '',
    ]);
  });

  it('leaves the cluster out of headings when there is one, and says so when nothing was found', () => {
    const one = clusterReport();
    one.clusters = one.clusters.slice(0, 1);
    one.findings = one.findings.slice(2, 3);
    one.pullFailures = [];
    one.errors = [];
    one.summary = { ...one.summary, clusters: 1, findings: 1, pullFailures: 0, podsWithFindings: 0 };
    expect(renderClusterTable(one)).toBe(
      `${fixAts.helm}\n  shop/secret/sh.helm.release.v1.cart.v2  k8s.gcr.io → registry.k8s.io\n    config.image.registry\n\n1 finding in 1 cluster; 0 pulls failing; 12 objects, 7 pods, 1 node, 1 Helm release read\n`,
    );
    one.findings = [];
    one.summary.findings = 0;
    expect(renderClusterTable(one)).toBe(
      '0 findings in 1 cluster; 0 pulls failing; 12 objects, 7 pods, 1 node, 1 Helm release read\n',
    );
  });
});

describe('renderClusterMarkdown', () => {
  it('writes one section per cluster and fixAt, escapes pipes and line breaks in cells', () => {
    const head = [
      '| Cluster | Object | Container | Found | Replace with | Pods | Owners |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    ];
    expect(renderClusterMarkdown(clusterReport()).split('\n')).toEqual([
      '## regshift cluster',
      '',
      summary,
      '',
      `### [prod] ${fixAts.deploy}`,
      '',
      ...head,
      '| prod | shop/deployment/web | app | `k8s.gcr.io/pause:3.2` | `registry.k8s.io/pause:3.2` | 3 |  |',
      '| prod | shop/replicaset/web-1 | init | `k8s.gcr.io/busybox:1.28` | `registry.k8s.io/busybox:1.28` | 0 | Deployment/web |',
      '',
      `### [prod] ${fixAts.helm}`,
      '',
      ...head,
      '| prod | shop/secret/sh.helm.release.v1.cart.v2 |  | `k8s.gcr.io` | `registry.k8s.io` | 0 |  |',
      '',
      `### [prod] ${fixAts.node}`,
      '',
      ...head,
      '| prod | node/n1 |  | `k8s.gcr.io/pause:3.6` | `registry.k8s.io/pause:3.6` | 0 |  |',
      '',
      `### [staging] ${fixAts.deploy}`,
      '',
      ...head,
      '| staging | shop/deployment/web | app | `k8s.gcr.io/pause:3.2` | `registry.k8s.io/pause:3.2` | 1 |  |',
      '',
      '### Pulls failing now',
      '',
      '| Cluster | Object | Reason | Image | Hosts | Message |',
      '| --- | --- | --- | --- | --- | --- |',
      `| prod | shop/pod/web-1-a | FailedCreatePodSandBox | \`k8s.gcr.io/pause:3.6\` | k8s.gcr.io, registry.k8s.io | ${sandbox.replace('|', '\\|')} |`,
      '',
      '### Problems',
      '',
      '- */secrets: FORBIDDEN: not allowed to list secrets',
      '',
    ]);
  });
});

describe('renderClusterCsv', () => {
  it('writes one RFC 4180 row per finding, quoting fields with commas or quotes', () => {
    const report = clusterReport();
    report.findings[1]!.fixAt = 'Change "init", then apply';
    const rows = renderClusterCsv(report).split('\r\n');
    expect(rows).toEqual([
      'cluster,source,namespace,kind,name,container,fieldPath,match,image,replacement,rule,pods,imageID,runningFromNew,owners,managedBy,managedByName,fixAt',
      `prod,cluster,shop,Deployment,web,app,spec.template.spec.containers[0].image,k8s.gcr.io/pause:3.2,k8s.gcr.io/pause:3.2,registry.k8s.io/pause:3.2,k8s.gcr.io,3,registry.k8s.io/pause@sha256:aa,true,,,,${fixAts.deploy}`,
      'prod,cluster,shop,ReplicaSet,web-1,init,spec.template.spec.initContainers[0].image,k8s.gcr.io/busybox:1.28,k8s.gcr.io/busybox:1.28,registry.k8s.io/busybox:1.28,k8s.gcr.io,0,,false,Deployment/web,,,"Change ""init"", then apply"',
      `prod,cluster,shop,Secret,sh.helm.release.v1.cart.v2,,config.image.registry,k8s.gcr.io,k8s.gcr.io/cart:1,registry.k8s.io,k8s.gcr.io,0,,false,,helm,cart,"${fixAts.helm}"`,
      `prod,node,,Node,n1,,status.images[0].names,k8s.gcr.io/pause:3.6,k8s.gcr.io/pause:3.6,registry.k8s.io/pause:3.6,k8s.gcr.io,0,,false,,,,"${fixAts.node}"`,
      `staging,cluster,shop,Deployment,web,app,spec.template.spec.containers[0].image,k8s.gcr.io/pause:3.2,k8s.gcr.io/pause:3.2,registry.k8s.io/pause:3.2,k8s.gcr.io,1,,false,,,,${fixAts.deploy}`,
      '',
    ]);
  });
});
