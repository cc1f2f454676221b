/**
 * Hostile registries for the client's trust tests. Each is a stub because no real registry misbehaves on
 * demand: redirects into another host's challenge, endless or oversized bodies, bodies that trickle a byte
 * a second, pagination that loops, manifests naming digests that are paths. Every request's headers are
 * kept, so a test can say exactly which host was sent which Authorization.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen {
  method: string;
  path: string;
  authorization: string | undefined;
}

export interface Stub {
  /** host:port */
  host: string;
  seen: Seen[];
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A server on `address` (each 127.0.0.x is another host, with its own origin, to the client). */
export async function stub(handler: Handler, address = '127.0.0.1'): Promise<Stub> {
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization });
    res.on('close', () => undefined);
    handler(req, res);
  });
  const seen: Seen[] = [];
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  return {
    host: `${address}:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        for (const timer of timers) clearInterval(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export const ociManifestType = 'application/vnd.oci.image.manifest.v1+json';
export const ociIndexType = 'application/vnd.oci.image.index.v1+json';

/** A tiny image: a config blob and the manifest naming it. `size` lets the manifest lie about the blob. */
export function tinyImage(size?: number) {
  const config = Buffer.from(
    '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}',
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: ociManifestType,
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: sha256(config),
        size: size ?? config.length,
      },
      layers: [],
    }),
  );
  return { config, configDigest: sha256(config), manifest, manifestDigest: sha256(manifest) };
}

/** Sends `bytes` one byte every `everyMs`, until they are done or the client hangs up. */
export function trickle(res: ServerResponse, bytes: Buffer, everyMs = 1000): void {
  let sent = 0;
  const timer = setInterval(() => {
    if (sent >= bytes.length || res.destroyed) {
      clearInterval(timer);
      if (!res.destroyed) res.end();
      return;
    }
    res.write(bytes.subarray(sent, sent + 1));
    sent++;
  }, everyMs);
  res.on('close', () => clearInterval(timer));
}

/** Writes `chunk` again and again, as fast as the client reads, until it hangs up. */
export function endless(res: ServerResponse, chunk: Buffer = Buffer.alloc(64 * 1024, 0x20)): void {
  const pump = () => {
    while (!res.destroyed && res.write(chunk)) {
      // Keep writing while the socket takes it.
    }
  };
  res.on('drain', pump);
  pump();
}

/** Writes `total` bytes of `fill` (a body as long as its Content-Length says, however long that is). */
export function huge(res: ServerResponse, total: number, fill = 0x20): void {
  const chunk = Buffer.alloc(64 * 1024, fill);
  let left = total;
  const pump = () => {
    while (!res.destroyed && left > 0) {
      const part = left >= chunk.length ? chunk : chunk.subarray(0, left);
      left -= part.length;
      if (!res.write(part)) return;
    }
    if (left === 0 && !res.destroyed) res.end();
  };
  res.on('drain', pump);
  pump();
}

/** `/v2/` answers 200: the registry looks healthy to anyone who only pings it. */
export function isPing(req: IncomingMessage): boolean {
  return req.url === '/v2/' || req.url === '/v2';
}

type Image = ReturnType<typeof tinyImage>;

/** A handler serving `image` (as app:1) to anyone: `/v2/`, its manifest and its config blob. */
export function servesImage(image: Image) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (isPing(req)) res.writeHead(200).end('{}');
    else if (req.url?.includes('/manifests/'))
      res.writeHead(200, { 'content-type': ociManifestType }).end(image.manifest);
    else if (req.url?.endsWith(`/blobs/${image.configDigest}`)) res.writeHead(200).end(image.config);
    else res.writeHead(404).end();
  };
}

/**
 * A registry behind anonymous bearer tokens (realm `/token` on itself) serving `image`, except that the
 * body of one kind of answer (`manifest`, `blob` or `token`) trickles a byte every `pace` ms.
 */
export function tricklesOne(image: Image, slow: 'manifest' | 'blob' | 'token', pace: number) {
  const serve = servesImage(image);
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '';
    if (url.startsWith('/token')) {
      const token = Buffer.from('{"token":"t"}');
      if (slow === 'token') trickle(res.writeHead(200), token, pace);
      else res.writeHead(200).end(token);
    } else if (req.headers.authorization !== 'Bearer t')
      res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${req.headers.host}/token"` }).end();
    else if (slow === 'manifest' && url.includes('/manifests/'))
      trickle(res.writeHead(200, { 'content-type': ociManifestType }), image.manifest, pace);
    else if (slow === 'blob' && url.includes('/blobs/')) trickle(res.writeHead(200), image.config, pace);
    else serve(req, res);
  };
}
