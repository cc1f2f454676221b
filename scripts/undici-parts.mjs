// What the CLI bundle gets for `import … from 'undici'` (scripts/bundle.mjs aliases it here): undici's
// HTTP/1.1 client without the rest. undici's index also loads fetch, WebSocket, cookies, mocks and caches,
// and through their use of web globals Node's own copy of undici: about 140 ms of loading against 50 ms
// for these parts, paid at the start of every `check`, `mirror` and `cluster`. undici has no exports map,
// so its files can be loaded one by one; a release that moves them fails the build (esbuild cannot resolve
// them) and test/build/undici-parts.test.ts. The library (dist/index.js) imports undici's index as usual.
import api from 'undici/lib/api/index.js';
import buildConnector from 'undici/lib/core/connect.js';
import Agent from 'undici/lib/dispatcher/agent.js';
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import EnvHttpProxyAgent from 'undici/lib/dispatcher/env-http-proxy-agent.js';

// What undici's index does to give every dispatcher its request(), stream() and friends.
Object.assign(Dispatcher.prototype, api);

export { Agent, buildConnector, Dispatcher, EnvHttpProxyAgent };

/** undici's `request(url, options)`, for an explicit `options.dispatcher` (the only way regshift calls it). */
export function request(url, { dispatcher, method, ...rest }) {
  const target = typeof url === 'string' ? new URL(url) : url;
  return dispatcher.request({
    ...rest,
    origin: target.origin,
    path: `${target.pathname}${target.search}`,
    method: method ?? (rest.body ? 'PUT' : 'GET'),
  });
}
