// Turning an API response into a verdict, and checking it against the oracle's moved images.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiResponse } from './api.js';
import type { MovedImage } from './oracle.js';

export type Verdict = 'denied' | 'warned' | 'audited' | 'admitted';
export type Mode = 'deny' | 'warn' | 'audit';

export const verdictFor: Record<Mode, Verdict> = { deny: 'denied', warn: 'warned', audit: 'audited' };

/** What each moved image must produce in the message: the image and its replacement, as scan says. */
export function expectedPhrases(moved: readonly MovedImage[]): string[] {
  return moved.map((m) =>
    m.replacement === null
      ? `uses ${m.image}, which moved (no replacement known)`
      : `uses ${m.image}, which moved: use ${m.replacement}`,
  );
}

/** kube/audit.log of the environment (test/env/kube.ts configures it). */
export function auditLogPath(kubeconfig: string): string {
  return join(dirname(kubeconfig), 'kube', 'audit.log');
}

const failureAnnotation = 'validation.policy.admission.k8s.io/validation_failure';

/** The audit messages of the ValidatingAdmissionPolicy for one request, waiting for its event. */
export async function auditMessages(
  kubeconfig: string,
  auditId: string,
  timeoutMs = 10_000,
): Promise<string[] | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let text = '';
    try {
      text = readFileSync(auditLogPath(kubeconfig), 'utf8');
    } catch {
      // not written yet
    }
    for (const line of text.split('\n')) {
      if (!line.includes(auditId)) continue;
      const event = JSON.parse(line) as {
        auditID: string;
        stage: string;
        annotations?: Record<string, string>;
      };
      if (event.auditID !== auditId || event.stage !== 'ResponseComplete') continue;
      const value = event.annotations?.[failureAnnotation];
      if (value === undefined) return [];
      return (JSON.parse(value) as { message: string }[]).map((f) => f.message);
    }
    if (Date.now() > deadline) return undefined;
    await sleep(200);
  }
}

/** The verdict the API gave, and every message that came with it (denial, warnings or audit). */
export async function observe(
  response: ApiResponse,
  kubeconfig: string,
): Promise<{ verdict: Verdict; messages: string[] }> {
  if (response.status >= 400) return { verdict: 'denied', messages: [String(response.body.message ?? '')] };
  if (response.status >= 300 || response.status < 200)
    throw new Error(`unexpected status ${response.status}: ${JSON.stringify(response.body)}`);
  const warnings = response.warnings.map((w) => w.replace(/\\"/g, '"'));
  if (warnings.length > 0) return { verdict: 'warned', messages: warnings };
  const audit = await auditMessages(kubeconfig, response.auditId);
  if (audit === undefined) throw new Error(`no audit event for ${response.auditId}`);
  return audit.length > 0 ? { verdict: 'audited', messages: audit } : { verdict: 'admitted', messages: [] };
}
