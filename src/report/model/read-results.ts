/** Check, mirror and cluster side tables from their JSON; items of the wrong shape are dropped. */
import { arr, bool, type Json, num, obj, str, strings } from './fields.js';
import type { ConnectivityRow, ImageRow, MirrorRow, PullFailureRow, ReportError } from './types.js';

export function readImages(value: unknown): ImageRow[] {
  return arr(value).flatMap((raw) => {
    const i = obj(raw);
    const image = str(i?.['image']);
    const verdict = str(i?.['verdict']);
    if (!i || image === null || verdict === null) return [];
    return [
      {
        image,
        target: str(i['target']),
        sourceDigest: str(i['sourceDigest']),
        targetDigest: str(i['targetDigest']),
        verdict,
        error: str(i['error']),
      },
    ];
  });
}

export function readConnectivity(value: unknown): ConnectivityRow[] {
  return arr(value).flatMap((raw) => {
    const c = obj(raw);
    const registry = str(c?.['registry']);
    if (!c || registry === null) return [];
    return [{ registry, ok: bool(c['ok']), hosts: strings(c['hosts']), error: str(c['error']) }];
  });
}

/** A mirror error is `{code, message, hint}` today; a plain string is taken as the message. */
function mirrorError(value: unknown): string | null {
  const text = str(value);
  if (text !== null) return text;
  const e = obj(value);
  if (!e) return null;
  return [str(e['code']), str(e['message'])].filter((s) => s !== null).join(': ') || null;
}

export function readMirrors(value: unknown): MirrorRow[] {
  return arr(value).flatMap((raw) => {
    const m = obj(raw);
    const source = str(m?.['source']);
    const target = str(m?.['target']);
    const status = str(m?.['status']);
    if (!m || source === null || target === null || status === null) return [];
    return [
      {
        source,
        target,
        digest: str(m['digest']),
        status,
        copiedBytes: num(m['copiedBytes']),
        error: mirrorError(m['error']),
      },
    ];
  });
}

export function readPullFailures(value: unknown): PullFailureRow[] {
  return arr(value).flatMap((raw) => {
    const p = obj(raw);
    const o = obj(p?.['object']);
    const reason = str(p?.['reason']);
    if (!p || reason === null) return [];
    const object =
      typeof p['object'] === 'string' ? p['object'] : `${str(o?.['kind']) ?? '?'}/${str(o?.['name']) ?? '?'}`;
    return [
      {
        cluster: str(p['cluster']) ?? '',
        namespace: str(p['namespace']),
        object,
        reason,
        image: str(p['image']),
        message: str(p['message']) ?? '',
      },
    ];
  });
}

export function readErrors(doc: Json, input: string): ReportError[] {
  return arr(doc['errors']).flatMap((raw) => {
    const e = obj(raw);
    const message = str(e?.['message']);
    if (!e || message === null) return [];
    const hint = str(e['hint']);
    return [
      {
        input: str(e['input']) ?? input,
        path: str(e['path']) ?? '',
        code: str(e['code']) ?? 'ERROR',
        message,
        ...(hint ? { hint } : {}),
      },
    ];
  });
}
