/**
 * Documents that guard the old registry (deny-lists, mutations): their references are reported as
 * `policy` and never rewritten, since a blanket replace would turn them against the new registry.
 */
export function isPolicyDocument(apiVersion: unknown, kind: unknown): boolean {
  const api = typeof apiVersion === 'string' ? apiVersion : '';
  const k = typeof kind === 'string' ? kind : '';
  if (api.startsWith('kyverno.io/') || api.startsWith('policies.kyverno.io/')) return true;
  if (api.startsWith('constraints.gatekeeper.sh/') || api.startsWith('templates.gatekeeper.sh/')) return true;
  if (api.startsWith('mutations.gatekeeper.sh/')) return true;
  if (api.startsWith('admissionregistration.k8s.io/') && /AdmissionPolicy/.test(k)) return true;
  return false;
}
