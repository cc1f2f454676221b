/**
 * Stub fronts for faults no real registry produces on demand, each a thin proxy before a real registry
 * (test/registry/stubs/fronts.ts): one serving a corrupted blob, one refusing pushes with 403 as
 * hosted registries (GCR, ECR, Harbor) do for credentials without write access. distribution 2.8 answers
 * 401 to missing rights, never 403, and has no rate limits (the 429 front is test/registry's).
 */
import { type Front, fetchWhole, forward, startFront } from '../registry/stubs/fronts.js';

/** GETs of blob `digest` come back with the right length and headers but one byte flipped mid-body. */
export function corruptingFront(upstream: string, digest: string): Promise<Front> {
  return startFront((req, res) => {
    if (req.method !== 'GET' || !(req.url ?? '').endsWith(`/blobs/${digest}`)) {
      forward(req, res, upstream);
      return;
    }
    fetchWhole(req, upstream, (answer, body) => {
      if (body.length > 0) body[body.length >> 1]! ^= 0xff;
      res.writeHead(answer.statusCode ?? 502, answer.headers).end(body);
    });
  });
}

/** Reads pass; every write (POST, PUT, PATCH, DELETE) gets 403 DENIED, as from a read-only robot account. */
export function denyingFront(upstream: string): Promise<Front> {
  return startFront((req, res) => {
    if (req.method === 'GET' || req.method === 'HEAD') {
      forward(req, res, upstream);
      return;
    }
    req.resume();
    res
      .writeHead(403, { 'content-type': 'application/json' })
      .end('{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}');
  });
}
