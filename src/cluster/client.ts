/** The one seam to a cluster: raw JSON requests. Tests and library users may inject their own. */
import { RegshiftError } from '../errors.js';

export type Query = Record<string, string | number | boolean | undefined>;

export interface KubeResponse {
  status: number;
  /** Parsed JSON (a Status object on errors), or undefined when the body was not JSON. */
  body: unknown;
  /** The body's bytes when the server answered in Kubernetes protobuf (asked for with `accept`). */
  raw?: Buffer;
}

/** Kubernetes protobuf first (built-in kinds), JSON for whatever has no protobuf encoding. */
export const protobufAccept = 'application/vnd.kubernetes.protobuf, application/json';

export interface KubeClient {
  /** The kubeconfig context (or `in-cluster`); every finding from this client carries it. */
  readonly name: string;
  readonly server: string;
  /** The kubeconfig context's namespace, if it sets one: where a scan falls back when it may not list namespaces. */
  readonly namespace?: string;
  request(
    method: 'GET' | 'POST' | 'DELETE' | 'PATCH',
    path: string,
    /** `accept`: a client may ignore it and answer JSON in `body`, as every caller must accept. */
    options?: { query?: Query; body?: unknown; contentType?: string; accept?: string },
  ): Promise<KubeResponse>;
  close?(): Promise<void>;
}

/** A non-2xx answer from the apiserver, with the Status message it sent. */
export class KubeApiError extends RegshiftError {
  constructor(
    readonly status: number,
    readonly verb: string,
    readonly resource: string,
    readonly namespace: string | undefined,
    message: string,
  ) {
    super(status === 403 ? 'FORBIDDEN' : 'KUBE_API_ERROR', message);
    this.name = 'KubeApiError';
  }
}

export function statusMessage(body: unknown): string {
  const message = (body as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : '';
}

export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
