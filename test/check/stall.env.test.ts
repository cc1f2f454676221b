// A registry that answers the headers of a blob, sends half its body and then nothing, on a connection
// that stays open: `regshift check` fails at the HTTP stage within --timeout. The stalling front is a stub
// (no real registry stalls on purpose); what it forwards comes from the real registry of test/env.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Connectivity } from '../../src/check/index.js';
import { main } from '../../src/cli/main.js';
import { captureIO, testRegistries, uniqueName } from '../registry/helpers/env.js';
import { seedImage } from '../registry/helpers/oci.js';
import { type Front, stallingFront } from '../registry/stubs/fronts.js';

const env = testRegistries();
const repo = uniqueName('stall');
const timeoutMs = 2000;
const margin = timeoutMs / 4;
const fronts: Front[] = [];

beforeAll(async () => {
  await seedImage(`${env.plain}/${repo}:1`, 'stall', { layerBytes: 64 * 1024 });
  // One run to load the command, so its first import does not count against the timeouts below.
  await main(['check', '--registry', '127.0.0.1:1', '-o', 'json'], captureIO({}).io);
});
afterAll(async () => {
  for (const front of fronts) await front.close();
});

it.each([
  ['blob', 'blobs', [200, 200, 200]],
  ['manifest', 'manifests', [200, 200]],
] as const)(
  'a %s body that stalls after the headers fails at the HTTP stage, within the timeout',
  async (_, what, statuses) => {
    const front = await stallingFront(env.plain, what);
    fronts.push(front);
    const { io, out } = captureIO({ PATH: process.env['PATH'], HOME: '/nonexistent' });
    const args = [
      '--registry',
      front.host,
      '--probe',
      `${front.host}/${repo}:1`,
      '--timeout',
      `${timeoutMs}ms`,
    ];
    const started = performance.now();
    const code = await main(['check', ...args, '-o', 'json'], io);
    const ms = performance.now() - started;
    const [result] = (JSON.parse(out()) as { connectivity: Connectivity[] }).connectivity;
    expect(code).toBe(1);
    expect(result!.error).toMatch(new RegExp(`^HTTP ${front.host}: UND_ERR_BODY_TIMEOUT: `));
    // What came before got through; the stalled answer's headers came (200), its body did not.
    expect(result!.hops.map((h) => h.status).slice(0, statuses.length)).toEqual(statuses);
    expect(front.seen.filter((s) => s.path.includes(`/${what}/`)).length).toBeGreaterThan(0);
    expect(ms).toBeLessThan(timeoutMs + margin);
  },
);
