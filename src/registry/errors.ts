/** Registry failures: which host, which stage (DNS, TCP, TLS, HTTP), and what to do. Never any credential. */
import { type ErrorCode, RegshiftError } from '../errors.js';
import { DeadlineError } from './deadline.js';
import { errorCode } from './retry.js';

export type Stage = 'DNS' | 'TCP' | 'TLS' | 'HTTP';

export class RegistryError extends RegshiftError {
  readonly stage: Stage;
  readonly host: string;
  readonly status: number | undefined;

  constructor(
    code: ErrorCode,
    stage: Stage,
    host: string,
    message: string,
    options: { hint?: string; cause?: unknown; status?: number } = {},
  ) {
    super(code, message, options);
    this.name = 'RegistryError';
    this.stage = stage;
    this.host = host;
    this.status = options.status;
  }
}

const dnsCodes = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const tcpCodes = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The stage a low-level network error belongs to. */
export function stageOf(error: unknown): Stage {
  const code = errorCode(error) ?? '';
  if (dnsCodes.has(code)) return 'DNS';
  if (tcpCodes.has(code)) return 'TCP';
  if (/^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|EPROTO$|HOSTNAME_MISMATCH)/.test(code)) {
    return 'TLS';
  }
  return 'HTTP';
}

const hints: Record<Stage, string> = {
  DNS: 'Check the host name and this machine’s DNS resolver; in a restricted network the name may not resolve at all.',
  TCP: 'The host did not accept a connection: a firewall or egress allow-list may block it, or the port is wrong.',
  TLS: 'The TLS handshake failed: give the registry’s CA with --ca-file, or check for a proxy that intercepts TLS.',
  HTTP: 'The server accepted the connection but the exchange failed; retry later, or check a proxy in between.',
};

function describe(error: unknown): string {
  const code = errorCode(error);
  // A deadline of this client says what ran out of time; an AbortSignal.timeout() only that it did.
  if (error instanceof DeadlineError) return error.message;
  if ((error as { name?: string })?.name === 'TimeoutError') return 'timed out';
  const message = (error as Error)?.message ?? String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

/** Wrap a network error: `TCP 127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1`. */
export function networkError(error: unknown, host: string): RegistryError {
  if (error instanceof RegistryError) return error;
  const refused = /^Proxy (?:response \((\d+)\)|Authentication Required \((\d+)\))/.exec(
    (error as Error)?.message ?? '',
  );
  if (refused) {
    const status = Number(refused[1] ?? refused[2]);
    return new RegistryError('REGISTRY_PROXY', 'HTTP', host, `HTTP ${host}: the proxy answered ${status}`, {
      status,
      hint: 'Check HTTPS_PROXY / HTTP_PROXY (the proxy’s address, user and password) and NO_PROXY.',
      cause: error,
    });
  }
  const stage = stageOf(error);
  const code =
    (error as { name?: string })?.name === 'TimeoutError'
      ? 'REGISTRY_TIMEOUT'
      : (`REGISTRY_${stage}` as const);
  return new RegistryError(code, stage, host, `${stage} ${host}: ${describe(error)}`, {
    hint:
      code === 'REGISTRY_TIMEOUT'
        ? 'No answer within the timeout; raise --timeout or check the network path.'
        : hints[stage],
    cause: error,
  });
}

/** An unexpected HTTP status, with the registry's own error code when its body has one. */
export function statusError(host: string, what: string, status: number, body?: string): RegistryError {
  let detail = '';
  try {
    const parsed = JSON.parse(body ?? '') as { errors?: { code?: string; message?: string }[] };
    const first = parsed.errors?.[0];
    if (first?.code) detail = `: ${first.code}${first.message ? ` (${first.message})` : ''}`;
  } catch {
    // Not a distribution error body; the status says enough.
  }
  if (status === 401 || status === 403) {
    return new RegistryError(
      'REGISTRY_UNAUTHORIZED',
      'HTTP',
      host,
      `HTTP ${host}: ${status} for ${what}${detail}`,
      {
        status,
        hint: `Log in to ${host} (docker login / podman login), or check the credential helper configured for it.`,
      },
    );
  }
  if (status === 404) {
    return new RegistryError('REGISTRY_NOT_FOUND', 'HTTP', host, `HTTP ${host}: 404 for ${what}${detail}`, {
      status,
      hint: 'Check the repository name and tag; the image may not exist at this location.',
    });
  }
  return new RegistryError('REGISTRY_HTTP', 'HTTP', host, `HTTP ${host}: ${status} for ${what}${detail}`, {
    status,
    hint: hints.HTTP,
  });
}

export function digestMismatch(host: string, what: string, expected: string, actual: string): RegistryError {
  return new RegistryError(
    'DIGEST_MISMATCH',
    'HTTP',
    host,
    `${host}: ${what} has digest ${actual}, expected ${expected}`,
    {
      hint: 'The registry (or something between) served other bytes than asked for; do not trust this copy.',
    },
  );
}
