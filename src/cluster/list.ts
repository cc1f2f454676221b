/** Paginated lists (limit + continue) under a shared request limit; 403s become diagnostics. */
import type { ClusterDiagnostic } from '../cluster-report.js';
import type { Limit } from '../concurrency.js';
import { isRegshiftError } from '../errors.js';
import { KubeApiError, type KubeClient, type KubeResponse, protobufAccept, statusMessage } from './client.js';
import type { KubeObject, ListPage } from './objects.js';
import { decodeEnvelope, type Schema } from './protobuf.js';
import { itemSchemas, listSchema, statusSchema } from './protobuf-schemas.js';
import { collectionPath, namespaceType, qualifiedResource, type ResourceType } from './resources.js';

export interface ListContext {
  client: KubeClient;
  /** Requests in flight per cluster (the shared p-limit); pages of one list still come one after another. */
  limit: Limit;
  pageSize: number;
  errors: ClusterDiagnostic[];
  /** Namespaces to fall back to when a cluster-wide list is refused (listed once, on demand). */
  namespaces?: Promise<string[] | undefined>;
  /** When even namespaces cannot be listed: these (from --namespaces, or the kubeconfig context's). */
  fallback?: { namespaces: string[]; from: string };
  /** false: ask for JSON even where the apiserver speaks protobuf (the two must read the same). */
  protobuf?: boolean;
  /** Pages read successfully: none at all means nothing in the cluster could be checked. */
  pagesRead?: number;
}

/** A failure of the connection itself (refused, timed out, TLS): no other request to that server will fare better. */
export function isUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return !(error instanceof KubeApiError) && (code === 'KUBE_UNREACHABLE' || code === 'KUBE_TIMEOUT');
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  pageSize?: number;
}

function statusOf(raw: Buffer): unknown {
  try {
    return decodeEnvelope(raw, statusSchema);
  } catch {
    return undefined;
  }
}

/**
 * Every page of one list; throws KubeApiError on an error status. A list holds one of the cluster's
 * request slots from its first page to its last, so a long list is not queued behind short ones
 * between its pages; it has one request in flight at a time.
 */
export function listPages(
  ctx: ListContext,
  type: ResourceType,
  options: ListOptions,
  onPage: (items: KubeObject[]) => void,
): Promise<void> {
  return ctx.limit(() => readPages(ctx, type, options, onPage));
}

async function readPages(
  ctx: ListContext,
  type: ResourceType,
  options: ListOptions,
  onPage: (items: KubeObject[]) => void,
): Promise<void> {
  // Built-in kinds come as protobuf: the apiserver encodes it several times faster than JSON, it is a
  // quarter of the bytes, and only the fields a scan reads are decoded (managedFields never are).
  const item = ctx.protobuf === false ? undefined : itemSchemas[`${type.apiVersion} ${type.kind}`];
  const schema = item && listSchema(item);
  const fetchPage = (token: string | undefined) => {
    const query = {
      limit: options.pageSize ?? ctx.pageSize,
      continue: token,
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
    };
    const pending = ctx.client.request('GET', collectionPath(type, options.namespace), {
      query,
      ...(schema ? { accept: protobufAccept } : {}),
    });
    // Abandoned when an earlier page fails: its own failure then has no one to report to.
    pending.catch(() => undefined);
    return pending;
  };
  let next: Promise<KubeResponse> | undefined = fetchPage(undefined);
  while (next) {
    const res: KubeResponse = await next;
    next = undefined;
    if (res.status !== 200) {
      const body = res.raw ? statusOf(res.raw) : res.body;
      throw new KubeApiError(
        res.status,
        'list',
        qualifiedResource(type),
        options.namespace,
        statusMessage(body),
      );
    }
    // The next page is asked for before this one is read: the apiserver encodes it meanwhile.
    const protobuf = res.raw && schema ? res.raw : undefined;
    const token = protobuf ? continueOf(protobuf) : (res.body as ListPage | undefined)?.metadata?.continue;
    if (token) next = fetchPage(token);
    const page = (protobuf && schema ? decodeEnvelope(protobuf, schema) : res.body) as ListPage | undefined;
    ctx.pagesRead = (ctx.pagesRead ?? 0) + 1;
    onPage(page?.items ?? []);
  }
}

/** A List's continue token alone: its items are skipped by length. */
const listMeta: Schema = { 1: { name: 'metadata', type: { 3: { name: 'continue', type: 'string' } } } };

function continueOf(raw: Buffer): string | undefined {
  const meta = decodeEnvelope(raw, listMeta)['metadata'] as { continue?: string } | undefined;
  return meta?.continue || undefined;
}

export function diagnosticFor(cluster: string, error: unknown): ClusterDiagnostic {
  if (!(error instanceof KubeApiError)) {
    return {
      cluster,
      path: '',
      code: isRegshiftError(error) ? error.code : 'CLUSTER_READ_FAILED',
      message: (error as Error)?.message ?? String(error),
      ...(isRegshiftError(error) && error.hint ? { hint: error.hint } : {}),
    };
  }
  const where = error.namespace === undefined ? 'cluster-wide' : `in namespace "${error.namespace}"`;
  const path = `${error.namespace ?? '*'}/${error.resource}`;
  const base = {
    cluster,
    path,
    verb: error.verb,
    resource: error.resource,
    namespace: error.namespace ?? null,
  };
  if (error.status === 403) {
    return {
      ...base,
      code: 'FORBIDDEN',
      message: `not allowed to ${error.verb} ${error.resource} ${where}, so those were not scanned`,
      hint: `Grant "${error.verb}" on "${error.resource}" (regshift cluster --print-rbac prints a read-only role).`,
    };
  }
  if (error.status === 404) {
    return {
      ...base,
      code: 'NOT_SERVED',
      message: `the apiserver does not serve ${error.resource} (404); skipped`,
    };
  }
  return {
    ...base,
    code: 'LIST_FAILED',
    message: `${error.verb} ${error.resource} ${where} failed with HTTP ${error.status}: ${error.message || 'no message'}`,
  };
}

function namespaces(ctx: ListContext): Promise<string[] | undefined> {
  ctx.namespaces ??= (async () => {
    const names: string[] = [];
    try {
      await listPages(ctx, namespaceType, {}, (items) => names.push(...items.map((i) => i.metadata.name)));
      return names;
    } catch (error) {
      if (isUnreachable(error)) throw error;
      const fallback = ctx.fallback;
      if (
        error instanceof KubeApiError &&
        error.status === 403 &&
        fallback &&
        fallback.namespaces.length > 0
      ) {
        ctx.errors.push({
          cluster: ctx.client.name,
          path: 'namespaces',
          code: 'NAMESPACES_FALLBACK',
          verb: 'list',
          resource: 'namespaces',
          namespace: null,
          message: `not allowed to list namespaces, so only namespace${fallback.namespaces.length === 1 ? '' : 's'} ${fallback.namespaces.join(', ')} (${fallback.from}) ${fallback.namespaces.length === 1 ? 'was' : 'were'} read`,
          hint: 'Pass --namespaces A,B to read others.',
        });
        return fallback.namespaces;
      }
      ctx.errors.push(diagnosticFor(ctx.client.name, error));
      return undefined;
    }
  })();
  return ctx.namespaces;
}

/**
 * Read every object of a type: cluster-wide, or in one namespace. When a cluster-wide list is refused,
 * read namespace by namespace, so a user allowed into some namespaces still gets those.
 */
export async function readAll(
  ctx: ListContext,
  type: ResourceType,
  options: ListOptions,
  onPage: (items: KubeObject[]) => void,
): Promise<void> {
  try {
    await listPages(ctx, type, options, onPage);
    return;
  } catch (error) {
    // The server is gone: one diagnostic for the cluster, not one per list.
    if (isUnreachable(error)) throw error;
    const refusedClusterWide =
      error instanceof KubeApiError &&
      error.status === 403 &&
      type.namespaced &&
      options.namespace === undefined;
    if (!refusedClusterWide) {
      ctx.errors.push(diagnosticFor(ctx.client.name, error));
      return;
    }
  }
  const names = await namespaces(ctx);
  if (!names) {
    ctx.errors.push(
      diagnosticFor(ctx.client.name, new KubeApiError(403, 'list', qualifiedResource(type), undefined, '')),
    );
    return;
  }
  await Promise.all(
    names.map(async (namespace) => {
      try {
        await listPages(ctx, type, { ...options, namespace }, onPage);
      } catch (error) {
        if (isUnreachable(error)) throw error;
        ctx.errors.push(diagnosticFor(ctx.client.name, error));
      }
    }),
  );
}
