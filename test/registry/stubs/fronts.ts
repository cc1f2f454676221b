/**
 * Tiny HTTP fronts for what no real registry does on loopback: registry.k8s.io's redirects (absolute and
 * relative, across hosts), throttling with Retry-After, a connection that drops mid-body, a registry
 * that serves other bytes than asked for. Everything else a test talks to is the real registry behind.
 */
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Front {
  /** host:port */
  host: string;
  /** Every request seen: method, path (with query) and whether it carried Authorization. */
  seen: { method: string; path: string; authorization: boolean; range: string | undefined }[];
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, front: Front) => void;

/** A front on `address` (any 127.0.0.x: each is another host to the client, with its own origin). */
export async function startFront(handler: Handler, address = '127.0.0.1'): Promise<Front> {
  const server: Server = createServer((req, res) => {
    front.seen.push({
      method: req.method ?? '',
      path: req.url ?? '',
      authorization: req.headers.authorization !== undefined,
      range: req.headers.range,
    });
    handler(req, res, front);
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const front: Front = {
    host: `${address}:${(server.address() as AddressInfo).port}`,
    seen: [],
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return front;
}

/**
 * Pass a request on to `upstream` (host:port, plain HTTP) and its answer back; `path` may be rewritten,
 * and so may the answer's headers (`headers`).
 */
export function forward(
  req: IncomingMessage,
  res: ServerResponse,
  upstream: string,
  path = req.url ?? '/',
  headers: (answer: IncomingMessage['headers']) => IncomingMessage['headers'] = (h) => h,
): void {
  const [hostname, port] = upstream.split(':');
  const sent = { ...req.headers, host: upstream };
  const out = request({ hostname, port: Number(port), path, method: req.method, headers: sent }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, headers(answer.headers));
    answer.pipe(res);
  });
  out.on('error', () => res.destroy());
  req.pipe(out);
}

/** GET `req`'s path from `upstream` whole, then hand its status, headers and body to `reply` (to tamper with). */
export function fetchWhole(
  req: IncomingMessage,
  upstream: string,
  reply: (answer: IncomingMessage, body: Buffer) => void,
): void {
  const [hostname, port] = upstream.split(':');
  request(
    { hostname, port: Number(port), path: req.url, headers: { ...req.headers, host: upstream } },
    (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => reply(answer, Buffer.concat(chunks)));
    },
  ).end();
}

/**
 * Like registry.k8s.io: `/v2/` answers 200 without a challenge; manifests 307 to another host (the real
 * registry); blobs 307 to a *relative* `/artifacts-downloads/…?sig=…` URL (as Artifact Registry does),
 * which 307s on to the real registry. `redirectTo` is where those redirects point. With `basicAuth`
 * (`user:password`) it demands Basic credentials, so a test can see they do not travel with the redirects.
 */
export function k8sLikeFront(redirectTo: () => string, options: { basicAuth?: string } = {}): Promise<Front> {
  return startFront((req, res) => {
    const url = req.url ?? '/';
    const expected = options.basicAuth && `Basic ${Buffer.from(options.basicAuth).toString('base64')}`;
    if (expected && req.headers.authorization !== expected) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="front"' }).end();
      return;
    }
    if (url === '/v2/' || url === '/v2') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    const blob = /^\/v2\/(.+)\/blobs\/(sha256:[a-f0-9]{64})$/.exec(url);
    if (blob) {
      res
        .writeHead(307, { location: `/artifacts-downloads/${blob[1]}/${blob[2]}?sig=secret-signature` })
        .end();
      return;
    }
    const download = /^\/artifacts-downloads\/(.+)\/(sha256:[a-f0-9]{64})\?/.exec(url);
    if (download) {
      res.writeHead(307, { location: `http://${redirectTo()}/v2/${download[1]}/blobs/${download[2]}` }).end();
      return;
    }
    if (/^\/v2\/.+\/(manifests|tags)\//.test(url)) {
      res.writeHead(307, { location: `http://${redirectTo()}${url}` }).end();
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"code":"NOT_FOUND"}]}');
  });
}

/** Answers each path's first request with 429 and `Retry-After: 1`, later ones from the real registry. */
export function throttlingFront(upstream: string): Promise<Front> {
  const throttled = new Set<string>();
  return startFront((req, res) => {
    const key = `${req.method} ${req.url}`;
    if (!throttled.has(key)) {
      throttled.add(key);
      res
        .writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' })
        .end('{"errors":[{"code":"TOOMANYREQUESTS"}]}');
      return;
    }
    forward(req, res, upstream);
  });
}

/**
 * Blob GETs without a Range get the real headers and half the real body, then the socket is destroyed;
 * with a Range (the client resuming) they are forwarded. Everything else is forwarded.
 */
export function droppingFront(upstream: string): Promise<Front> {
  return startFront((req, res) => {
    if (req.method !== 'GET' || !/\/blobs\/sha256:/.test(req.url ?? '') || req.headers.range) {
      forward(req, res, upstream);
      return;
    }
    fetchWhole(req, upstream, (answer, body) => {
      res.writeHead(answer.statusCode ?? 502, {
        ...answer.headers,
        'content-length': String(body.length),
      });
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
    });
  });
}

/** Serves the real registry's answers, but manifests fetched by digest come back with one byte changed. */
export function tamperingFront(upstream: string): Promise<Front> {
  return startFront((req, res) => {
    if (!/\/manifests\/sha256:/.test(req.url ?? '') || req.method !== 'GET') {
      forward(req, res, upstream);
      return;
    }
    fetchWhole(req, upstream, (answer, original) => {
      const body = Buffer.from(original.toString('utf8').replace('"schemaVersion":2', '"schemaVersion": 2'));
      res
        .writeHead(answer.statusCode ?? 502, { ...answer.headers, 'content-length': String(body.length) })
        .end(body);
    });
  });
}

/**
 * GETs of blobs (or of manifests) get the real headers and half the real body, then silence on a
 * connection that stays open (a stalled transfer); everything else is forwarded.
 */
export function stallingFront(upstream: string, what: 'blobs' | 'manifests' = 'blobs'): Promise<Front> {
  return startFront((req, res) => {
    if (req.method !== 'GET' || !(req.url ?? '').includes(`/${what}/`)) {
      forward(req, res, upstream);
      return;
    }
    fetchWhole(req, upstream, (answer, body) => {
      res.writeHead(answer.statusCode ?? 502, {
        ...answer.headers,
        'content-length': String(body.length),
      });
      res.write(body.subarray(0, Math.floor(body.length / 2)));
    });
  });
}
