/**
 * A context's credentials for each request: TLS material and headers, as client-node's KubeConfig
 * applies them. Its authenticators (exec plugins, OIDC, Azure, GCP, token files) are its own classes,
 * each loaded only when a user needs it: the OIDC one alone pulls in an OpenID client library.
 */
import { readFileSync } from 'node:fs';
import type { Authenticator } from '@kubernetes/client-node/dist/auth.js';
import type { Cluster, User } from './kubeconfig-file.js';

export interface Credentials {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized?: false;
  servername?: string;
  headers: Record<string, string>;
}

function fileOrData(file: string | undefined | null, data: string | undefined | null): Buffer | undefined {
  if (file) return readFileSync(file);
  if (data) return Buffer.from(data, 'base64');
  return undefined;
}

/** client-node's authenticator for this user, in its own order of preference; undefined: none needed. */
async function authenticatorFor(user: User): Promise<Authenticator | undefined> {
  const provider = (user.authProvider ?? undefined) as
    | { name?: string; config?: { tokenFile?: string; exec?: unknown } }
    | undefined;
  if (provider?.name === 'azure')
    return new (await import('@kubernetes/client-node/dist/azure_auth.js')).AzureAuth();
  if (provider?.name === 'gcp')
    return new (await import('@kubernetes/client-node/dist/gcp_auth.js')).GoogleCloudPlatformAuth();
  if (user.exec || provider?.name === 'exec' || provider?.config?.exec)
    return new (await import('@kubernetes/client-node/dist/exec_auth.js')).ExecAuth();
  if (provider?.config?.tokenFile)
    return new (await import('@kubernetes/client-node/dist/file_auth.js')).FileAuth();
  if (provider?.name === 'oidc')
    return new (await import('@kubernetes/client-node/dist/oidc_auth.js')).OpenIDConnectAuth();
  return undefined;
}

/**
 * Returns what to apply to each request. Certificates are read once; an authenticator runs per
 * request, since exec plugins and token files hand out tokens that expire.
 */
export function credentialsFor(cluster: Cluster, user: User | undefined): () => Promise<Credentials> {
  const tls: Omit<Credentials, 'headers'> = {};
  const ca = fileOrData(cluster.caFile, cluster.caData);
  if (ca) tls.ca = ca;
  if (cluster.skipTLSVerify) tls.rejectUnauthorized = false;
  if (cluster.tlsServerName) tls.servername = cluster.tlsServerName;
  const cert = user && fileOrData(user.certFile, user.certData);
  if (cert) tls.cert = cert;
  const key = user && fileOrData(user.keyFile, user.keyData);
  if (key) tls.key = key;
  const withToken = (headers: Record<string, string>) => {
    if (user?.token) headers['authorization'] = `Bearer ${user.token}`;
    return headers;
  };
  let authenticator: Promise<Authenticator | undefined> | undefined;
  return async () => {
    const headers: Record<string, string> = {};
    if (!user) return { ...tls, headers };
    if (user.impersonateUser) headers['impersonate-user'] = user.impersonateUser;
    if (user.username) {
      const basic = Buffer.from(`${user.username}:${user.password ?? ''}`).toString('base64');
      headers['authorization'] = `Basic ${basic}`;
    }
    authenticator ??= authenticatorFor(user);
    const auth = await authenticator;
    if (auth) {
      const opts: { headers: Record<string, unknown>; cert?: unknown; key?: unknown } = { headers: {} };
      await auth.applyAuthentication(user, opts as never);
      for (const [name, value] of Object.entries(opts.headers))
        if (typeof value === 'string') headers[name.toLowerCase()] = value;
      // An exec plugin may answer with a client certificate instead of a token.
      if (typeof opts.cert === 'string' && typeof opts.key === 'string')
        return {
          ...tls,
          cert: Buffer.from(opts.cert),
          key: Buffer.from(opts.key),
          headers: withToken(headers),
        };
    }
    return { ...tls, headers: withToken(headers) };
  };
}
