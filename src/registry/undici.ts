/**
 * undici's HTTP/1.1 client, without the rest of undici. Its index also loads fetch, WebSocket, cookies,
 * mocks and caches, and through their use of web globals Node's own copy of undici: 140 ms of loading
 * against 52 ms for these parts, paid at the start of every `check`, `mirror` and `cluster`. undici has no
 * exports map, so its files can be loaded one by one; their types are the index's (undici-parts.d.ts).
 * Files inside a package may move in any release: package.json pins undici's exact version for that.
 */
import type { Dispatcher as DispatcherType } from 'undici';
import api from 'undici/lib/api/index.js';
import buildConnector from 'undici/lib/core/connect.js';
import Agent from 'undici/lib/dispatcher/agent.js';
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import EnvHttpProxyAgent from 'undici/lib/dispatcher/env-http-proxy-agent.js';

// What undici's index does to give every dispatcher its request(), stream() and friends.
Object.assign(Dispatcher.prototype, api);

export { Agent, buildConnector, EnvHttpProxyAgent };

export type RequestOptions = Omit<DispatcherType.RequestOptions, 'origin' | 'path' | 'method'> & {
  dispatcher: DispatcherType;
  method?: DispatcherType.HttpMethod;
};

/** undici's `request(url, options)`: one exchange through `options.dispatcher`. */
export function request(url: string | URL, options: RequestOptions): Promise<DispatcherType.ResponseData> {
  const { dispatcher, method, ...rest } = options;
  const target = typeof url === 'string' ? new URL(url) : url;
  return dispatcher.request({
    ...rest,
    origin: target.origin,
    path: `${target.pathname}${target.search}`,
    method: method ?? (rest.body ? 'PUT' : 'GET'),
  } as DispatcherType.RequestOptions);
}
