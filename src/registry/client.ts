/**
 * The registry client: picks the scheme per host, authenticates (anonymous, Basic, bearer tokens) and
 * sends through the Transport. Manifests, blobs, tags, uploads and pushes are built on `request`.
 */
import type { Dispatcher } from 'undici';
import { type Challenge, parseChallenge } from './auth/challenge.js';
import { type CredentialStore, credentialStoreFromEnv } from './auth/credentials.js';
import { basicAuthorization, TokenCache } from './auth/token.js';
import { isStreamedBody } from './body.js';
import { deadline } from './deadline.js';
import { createDispatcher, readCaFile, stageTimeout } from './dispatcher.js';
import { type ReadLimits, type RegistryOptions, registryDefaults } from './options.js';
import { readWhole } from './read.js';
import { SchemeProbe } from './scheme-probe.js';
import { header, type Response, repeatable, type SendOptions, Transport } from './transport.js';

export interface RequestOptions extends Omit<SendOptions, 'authorization'> {
  /** Token scopes the request needs, e.g. `repository:app:pull`. */
  scopes?: string[];
  /** Repository, for credentials scoped below the host (containers auth.json). */
  repository?: string;
  /**
   * `false` when the caller bounds the exchange itself (a blob stream, an upload fed by one); otherwise
   * the client's deadline covers the exchange, body included.
   */
  deadline?: false;
  /** What is asked for, for errors: `manifest app:1.0`. */
  what?: string;
}

/**
 * Credentials and origins (the rule, enforced here and in transport.ts and token.ts):
 * - a registry's credential goes only to that registry's own origin, and to the token realm named in a
 *   401 challenge sent by that origin itself (the realm may be another host, as Docker Hub's is);
 * - a redirect to another origin drops the Authorization header (transport.ts); when the redirect
 *   target answers 401, its challenge is answered with the target's own credentials, if any are
 *   configured for it, else anonymously, and the request is sent to the target directly;
 * - a URL on another origin handed over by the registry (an upload Location) is treated the same way;
 * - tokens are cached per origin they were issued for, so one registry's token never reaches another.
 */
export class RegistryClient {
  readonly transport: Transport;
  /** The deadline of every request; see RegistryOptions.timeoutMs. */
  readonly timeoutMs: number;
  readonly minBytesPerSecond: number;
  readonly limits: ReadLimits;
  private readonly credentials: CredentialStore;
  private readonly tokens: TokenCache;
  private readonly schemes: SchemeProbe;
  /** Challenges by the origin that sent them. */
  private readonly challenges = new Map<string, Challenge>();
  private readonly ownsDispatcher: boolean;

  /** Build a client from options: reads the CA file, builds the dispatcher and the credential store. */
  static async create(options: RegistryOptions = {}): Promise<RegistryClient> {
    const env = options.env ?? process.env;
    const dispatcher =
      options.dispatcher ??
      createDispatcher({
        env,
        timeoutMs: stageTimeout(options.timeoutMs ?? registryDefaults.timeoutMs),
        connections: options.concurrencyPerHost ?? registryDefaults.concurrencyPerHost,
        ...(options.caFile ? { ca: await readCaFile(options.caFile) } : {}),
      });
    return new RegistryClient(dispatcher, options, options.dispatcher === undefined);
  }

  constructor(dispatcher: Dispatcher, options: RegistryOptions = {}, ownsDispatcher = false) {
    this.transport = new Transport(dispatcher, {
      retry: { ...registryDefaults.retry, ...options.retry },
      maxRedirects: options.maxRedirects ?? registryDefaults.maxRedirects,
      ...(options.onHop ? { onHop: options.onHop } : {}),
    });
    this.timeoutMs = options.timeoutMs ?? registryDefaults.timeoutMs;
    this.minBytesPerSecond = options.minBytesPerSecond ?? registryDefaults.minBytesPerSecond;
    this.limits = { ...registryDefaults.limits, ...options.limits };
    this.credentials = options.credentials ?? credentialStoreFromEnv(options.env ?? process.env);
    this.schemes = new SchemeProbe(this.transport, options.insecureRegistries ?? []);
    this.tokens = new TokenCache(this.transport, this.limits);
    this.ownsDispatcher = ownsDispatcher;
  }

  /** `https://host` or, for loopback and --insecure-registry hosts that do not speak TLS, `http://host`. */
  baseUrl(registry: string, signal?: AbortSignal): Promise<string> {
    return this.schemes.baseUrl(registry, signal);
  }

  /** One authenticated exchange with `registry` (a host as in image references; docker.io is mapped). */
  async request(registry: string, path: string, options: RequestOptions = {}): Promise<Response> {
    if (options.deadline === false) return this.exchange(registry, path, options);
    const limit = this.deadline(options, path);
    try {
      const response = await this.exchange(registry, path, { ...options, signal: limit.signal });
      // The deadline covers the body too: it ends when the caller has read (or dumped) it.
      response.body.once('close', limit.release);
      return response;
    } catch (error) {
      limit.release();
      throw error;
    }
  }

  /**
   * `request` and the whole body, at most `maxBytes` (a larger answer is REGISTRY_TOO_LARGE); a body that
   * breaks off is fetched again (GET and HEAD), within the same deadline.
   */
  async read(
    registry: string,
    path: string,
    options: RequestOptions & { maxBytes: number },
  ): Promise<{ response: Response; bytes: Buffer }> {
    const { maxBytes, ...rest } = options;
    const limit = this.deadline(rest, path);
    try {
      return await readWhole(() => this.exchange(registry, path, { ...rest, signal: limit.signal }), {
        retry: this.transport.options.retry,
        signal: limit.signal,
        retriable: repeatable(rest),
        maxBytes,
        errorBytes: this.limits.errorBodyBytes,
        what: rest.what ?? path,
      });
    } finally {
      limit.release();
    }
  }

  /** The deadline of one exchange, joined to the caller's signal. */
  private deadline(options: RequestOptions, path: string) {
    return deadline(this.timeoutMs, options.signal, options.what ?? `${options.method ?? 'GET'} ${path}`);
  }

  private async exchange(registry: string, path: string, options: RequestOptions): Promise<Response> {
    const base = new URL(await this.baseUrl(registry, options.signal));
    const url = new URL(path, base);
    // A URL the registry handed over may be on another origin (an upload Location): the registry's
    // credentials are not for it.
    const own = url.origin === base.origin;
    const owner = { host: own ? registry : url.host, repository: own ? options.repository : undefined };
    const known = this.challenges.get(url.origin);
    const first = known ? await this.authorize(owner, url.origin, known, options, false) : undefined;
    const response = await this.transport.send(url, { ...options, authorization: first });
    // A streamed body is gone once sent: the caller sees the 401 (and learned the challenge on an earlier request).
    if (response.status !== 401 || isStreamedBody(options.body)) return response;
    const challenge = parseChallenge(header(response, 'www-authenticate'));
    if (!challenge) return response;
    await response.body.dump();
    // The challenge belongs to the origin that sent it. After a redirect to another origin, that origin is
    // asked directly, with its own credentials or none.
    const challenger = response.url;
    const redirected = challenger.origin !== url.origin;
    const target = redirected ? challenger : url;
    const who = redirected ? { host: challenger.host, repository: undefined } : owner;
    this.challenges.set(challenger.origin, challenge);
    const authorization = await this.authorize(who, challenger.origin, challenge, options, true);
    if (authorization === undefined && challenge.scheme === 'basic') {
      return this.transport.send(target, options);
    }
    return this.transport.send(target, { ...options, authorization });
  }

  private async authorize(
    who: { host: string; repository: string | undefined },
    origin: string,
    challenge: Challenge,
    options: RequestOptions,
    fresh: boolean,
  ): Promise<string | undefined> {
    const credential = await this.credentials.get(who.host, who.repository);
    if (challenge.scheme === 'basic') {
      return credential && 'username' in credential ? basicAuthorization(credential) : undefined;
    }
    const token = await this.tokens.token({
      challenge,
      origin,
      scopes: options.scopes ?? [],
      credential,
      fresh,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.hops ? { hops: options.hops } : {}),
    });
    return `Bearer ${token}`;
  }

  /**
   * Close the connections this client opened (not those of an injected dispatcher). Requests whose
   * callers stopped waiting (a connect that hangs past a deadline) are ended, not waited for.
   */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.transport.dispatcher.destroy();
  }
}
