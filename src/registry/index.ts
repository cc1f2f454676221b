// OCI distribution client: transport (keep-alive, retries, redirects by hand, proxies, CA), auth (docker
// and containers credentials, helpers, bearer tokens), manifests, blobs, tags; and for `mirror`, blob
// uploads and cross-repository mounts (upload.ts) and manifest pushes (push.ts).
export * from './auth/challenge.js';
export * from './auth/credentials.js';
export { runCredentialHelper } from './auth/helper.js';
export * from './blob.js';
export { RegistryClient, type RequestOptions } from './client.js';
export * from './digest.js';
export * from './errors.js';
export * from './manifest.js';
export * from './options.js';
export * from './push.js';
export * from './referrers.js';
export * from './retry.js';
export * from './scheme.js';
export * from './tags.js';
export { displayUrl, header, type Method, type Response, type SendOptions, Transport } from './transport.js';
export * from './upload.js';
