/** One object's PATCH (JSON patch, field manager regshift) and what its failures mean. */
import type { KubeClient, KubeResponse } from '../cluster/client.js';
import { statusMessage } from '../cluster/client.js';
import { apiBase } from '../cluster/resources.js';
import type { Diagnostic, ObjectRef } from '../findings.js';
import { patchableKinds } from './targets.js';
import type { PatchEntry, PatchOperation } from './types.js';

export interface PatchDiagnostic extends Diagnostic {
  cluster: string;
}

export const fieldManager = 'regshift';

export function objectPath(ref: ObjectRef): string {
  const plural = patchableKinds[ref.kind]?.plural ?? `${ref.kind.toLowerCase()}s`;
  const ns = ref.namespace ? `/namespaces/${encodeURIComponent(ref.namespace)}` : '';
  return `${apiBase(ref.apiVersion)}${ns}/${plural}/${encodeURIComponent(ref.name)}`;
}

export const label = (ref: ObjectRef) =>
  `${ref.namespace ? `${ref.namespace}/` : ''}${ref.kind.toLowerCase()}/${ref.name}`;

/** A refused or failed patch as a diagnostic: what happened to which object, and what to do. */
export function failure(
  cluster: string,
  ref: ObjectRef,
  res: KubeResponse,
  verb: string,
): PatchDiagnostic & { refused: boolean } {
  const message = statusMessage(res.body);
  const base = { cluster, path: label(ref) };
  if (res.status === 403)
    return {
      ...base,
      refused: false,
      code: 'FORBIDDEN',
      message: `not allowed to ${verb} ${label(ref)}: ${message || 'forbidden'}`,
      hint: 'Grant "patch" on it, or leave it to someone who may.',
    };
  if (res.status === 404)
    return {
      ...base,
      refused: false,
      code: 'NOT_FOUND',
      message: `${label(ref)} no longer exists; nothing was changed`,
    };
  // A failed `test` (the image is not what the plan read) or a conflicting write: nothing was changed.
  if (res.status === 409 || res.status === 422 || /test/i.test(message))
    return {
      ...base,
      refused: true,
      code: 'CHANGED_SINCE_PLAN',
      message: `${label(ref)} changed since it was read (${message || `HTTP ${res.status}`}); nothing was changed`,
      hint: 'Scan and plan again.',
    };
  return {
    ...base,
    refused: false,
    code: 'PATCH_FAILED',
    message: `${verb} ${label(ref)} failed with HTTP ${res.status}: ${message || 'no message'}`,
  };
}

export async function sendPatch(client: KubeClient, ref: ObjectRef, ops: PatchOperation[], dryRun: boolean) {
  return client.request('PATCH', objectPath(ref), {
    query: { fieldManager: fieldManager, ...(dryRun ? { dryRun: 'All' } : {}) },
    body: ops,
    contentType: 'application/json-patch+json',
  });
}

export function strip(f: PatchDiagnostic & { refused: boolean }): PatchDiagnostic {
  const { refused: _r, ...d } = f;
  return d;
}

/**
 * Send one entry's patch (or take the answer to the same request sent earlier, `sent`); on anything but
 * 200, mark the entry refused or failed, record why, and answer undefined. The object the apiserver
 * answered otherwise.
 */
export async function patchEntry(
  client: KubeClient,
  entry: PatchEntry,
  dryRun: boolean,
  verb: string,
  errors: PatchDiagnostic[],
  sent?: Promise<KubeResponse>,
): Promise<unknown> {
  const res = await (sent ?? sendPatch(client, entry.object, entry.operations, dryRun));
  if (res.status === 200) return res.body;
  const f = failure(entry.cluster, entry.object, res, verb);
  entry.outcome = f.refused ? 'refused' : 'failed';
  errors.push(strip(f));
  return undefined;
}
