// The CLI bundle's undici is its HTTP/1.1 client alone, loaded file by file (scripts/undici-parts.mjs).
// undici may move those files in any release: this fails when an upgrade breaks them, before users do.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
// @ts-expect-error: a plain ES module of the build, without types
import * as parts from '../../scripts/undici-parts.mjs';

it('undici’s parts load and carry the API the client uses', async () => {
  expect(typeof parts.Agent).toBe('function');
  expect(typeof parts.EnvHttpProxyAgent).toBe('function');
  expect(typeof parts.buildConnector).toBe('function');
  const server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const agent = new parts.Agent({ connect: parts.buildConnector({}) });
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const answer = await parts.request(url, { dispatcher: agent });
    expect([answer.statusCode, await answer.body.text()]).toEqual([200, 'ok']);
  } finally {
    await agent.close();
    server.close();
  }
});
