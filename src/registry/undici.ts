/**
 * undici, as the registry client uses it: its dispatchers and a `request(url, options)` over one. The CLI
 * bundle swaps undici's index for its HTTP/1.1 client alone (scripts/undici-parts.mjs).
 */
import { Agent, buildConnector, type Dispatcher, EnvHttpProxyAgent } from 'undici';

export { Agent, buildConnector, EnvHttpProxyAgent };

export type RequestOptions = Omit<Dispatcher.RequestOptions, 'origin' | 'path' | 'method'> & {
  dispatcher: Dispatcher;
  method?: Dispatcher.HttpMethod;
};

/** One exchange through `options.dispatcher`. */
export function request(url: string | URL, options: RequestOptions): Promise<Dispatcher.ResponseData> {
  const { dispatcher, method, ...rest } = options;
  const target = typeof url === 'string' ? new URL(url) : url;
  return dispatcher.request({
    ...rest,
    origin: target.origin,
    path: `${target.pathname}${target.search}`,
    method: method ?? (rest.body ? 'PUT' : 'GET'),
  } as Dispatcher.RequestOptions);
}
