// A minimal API client for the policy env tests: status, body, Warning headers and Audit-Id of each
// request are what the assertions read (kubectl would fold them into text).

import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { parse } from 'yaml';
import { podSpecKinds } from '../../src/policy/kinds.js';

export interface ApiResponse {
  status: number;
  body: { message?: string; [key: string]: unknown };
  warnings: string[];
  auditId: string;
}

export interface ObjectLike {
  apiVersion: string;
  kind: string;
  metadata: { name?: unknown; namespace?: unknown } & Record<string, unknown>;
}

export function apiClient(kubeconfigFile: string) {
  const config = parse(readFileSync(kubeconfigFile, 'utf8'));
  const server = new URL(config.clusters[0].cluster.server as string);
  const user = config.users[0].user;
  const tls = {
    ca: Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64'),
    cert: Buffer.from(user['client-certificate-data'], 'base64'),
    key: Buffer.from(user['client-key-data'], 'base64'),
  };

  function send(method: string, path: string, body?: unknown, contentType = 'application/json') {
    return new Promise<ApiResponse>((resolve, reject) => {
      const req = request(
        {
          host: server.hostname,
          port: server.port,
          path,
          method,
          ...tls,
          headers: { 'content-type': contentType, accept: 'application/json' },
          timeout: 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const raw = res.headers['warning'];
            const warnings = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
            const text = Buffer.concat(chunks).toString();
            resolve({
              status: res.statusCode ?? 0,
              body: text ? JSON.parse(text) : {},
              warnings,
              auditId: String(res.headers['audit-id'] ?? ''),
            });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)));
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  }

  function collection(object: ObjectLike): string {
    const kind = podSpecKinds.find((k) => k.kind === object.kind);
    if (!kind) throw new Error(`no resource for ${object.kind}`);
    const base = kind.group === '' ? '/api/v1' : `/apis/${kind.group}/v1`;
    return `${base}/namespaces/${String(object.metadata.namespace)}/${kind.resource}`;
  }

  const dry = (dryRun: boolean) => (dryRun ? '?dryRun=All' : '');
  return {
    send,
    create: (object: ObjectLike, dryRun = true) =>
      send('POST', `${collection(object)}${dry(dryRun)}`, object),
    get: (object: ObjectLike) => send('GET', `${collection(object)}/${String(object.metadata.name)}`),
    remove: (object: ObjectLike) => send('DELETE', `${collection(object)}/${String(object.metadata.name)}`),
    /** A JSON merge patch of the object (dry run by default). */
    patch: (object: ObjectLike, patch: unknown, dryRun = true) =>
      send(
        'PATCH',
        `${collection(object)}/${String(object.metadata.name)}${dry(dryRun)}`,
        patch,
        'application/merge-patch+json',
      ),
    /** What `kubectl debug` does: an UPDATE of the Pod through pods/ephemeralcontainers. */
    addEphemeral: (pod: ObjectLike, container: { name: string; image: string }, dryRun = true) =>
      send(
        'PATCH',
        `${collection(pod)}/${String(pod.metadata.name)}/ephemeralcontainers${dry(dryRun)}`,
        { spec: { ephemeralContainers: [container] } },
        'application/strategic-merge-patch+json',
      ),
  };
}
