/**
 * The least RBAC `regshift cluster` needs: read-only, cluster-wide; pull checks get their own Role in the
 * namespace they run in. Complete: `kubectl apply -f -` of it creates the Namespace and ServiceAccount too.
 */
import { clusterDefaults } from './options.js';

export function rbacManifest(
  options: { name?: string; serviceAccount?: string; namespace?: string; checkNamespace?: string } = {},
): string {
  const name = options.name ?? 'regshift-reader';
  const sa = options.serviceAccount ?? 'regshift';
  const ns = options.namespace ?? 'regshift';
  const checkNs = options.checkNamespace ?? clusterDefaults.checkNamespace;
  return `# The ServiceAccount regshift runs as, in its own namespace.
apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${sa}
  namespace: ${ns}
---
# Read-only access for \`regshift cluster\`. Secrets and ConfigMaps are read only to find Helm
# release storage (label owner=helm); drop them to skip Helm releases (the scan reports what it skipped).
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ${name}
rules:
  - apiGroups: [""]
    resources: [pods, replicationcontrollers, nodes, events, namespaces, secrets, configmaps]
    verbs: [get, list]
  - apiGroups: [apps]
    resources: [deployments, statefulsets, daemonsets, replicasets]
    verbs: [get, list]
  - apiGroups: [batch]
    resources: [jobs, cronjobs]
    verbs: [get, list]
  # Argo CD Applications, listed only to tell its label tracking from a plain app.kubernetes.io/instance label.
  - apiGroups: [argoproj.io]
    resources: [applications]
    verbs: [list]
  # Owners of other kinds (an operator's custom resources) are read with get; add their groups here.
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ${name}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: ${name}
subjects:
  - kind: ServiceAccount
    name: ${sa}
    namespace: ${ns}
---
# Only for \`regshift cluster --check-pull\`, in the namespace it runs its test pod in (--check-namespace).
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: ${name}-check-pull
  namespace: ${checkNs}
rules:
  - apiGroups: [""]
    resources: [pods]
    verbs: [get, create, delete]
  - apiGroups: [""]
    resources: [events]
    verbs: [list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ${name}-check-pull
  namespace: ${checkNs}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: ${name}-check-pull
subjects:
  - kind: ServiceAccount
    name: ${sa}
    namespace: ${ns}
`;
}
