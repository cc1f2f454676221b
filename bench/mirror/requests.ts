// `npm run bench -- mirror --repo --requests`: one run of each tool through counting proxies in front of
// the source and the destination, printing its requests by kind and its TCP connections, to see where the
// round trips go. Timed runs never go through the proxies (they add a hop to every request).
import { join } from 'node:path';
import { startOwnRegistry } from '../../test/mirror/registry.js';
import { type CountingProxy, startCountingProxy } from '../lib/counting-proxy.js';
import { benchDir, repoRoot } from '../lib/paths.js';
import { ms, table } from '../lib/table.js';
import { runMeasured } from '../lib/timing.js';
import { seedRepo, toolList } from './repo.js';

const dir = join(benchDir, 'mirror-repo');

function rows(proxy: CountingProxy): Map<string, number> {
  return new Map([...proxy.counts, ['TCP connections', proxy.connections]]);
}

export async function countRequests(crane: string): Promise<void> {
  const seeded = await seedRepo(crane);
  const sourceProxy = await startCountingProxy(seeded.source.host);
  try {
    const columns: string[] = [];
    const bySide = { source: new Map<string, number[]>(), destination: new Map<string, number[]>() };
    const tools = toolList(crane);
    for (const [i, tool] of tools.entries()) {
      const dest = await startOwnRegistry();
      const destProxy = await startCountingProxy(dest.host);
      sourceProxy.reset();
      try {
        const [cmd, args] = tool.command(sourceProxy.host, destProxy.host);
        const result = await runMeasured({ cmd, args, cwd: repoRoot, stdoutPath: join(dir, 'stdout') });
        if (result.exitCode !== 0)
          throw new Error(`${tool.name} exited ${result.exitCode}: ${result.stderr}`);
        columns.push(`${tool.name} (${ms(result.wallMs)})`);
        for (const [side, proxy] of [
          ['source', sourceProxy],
          ['destination', destProxy],
        ] as const) {
          for (const [kind, n] of rows(proxy)) {
            const counts = bySide[side].get(kind) ?? tools.map(() => 0);
            counts[i] = n;
            bySide[side].set(kind, counts);
          }
        }
      } finally {
        await destProxy.close();
        await dest.close();
      }
    }
    for (const [side, kinds] of Object.entries(bySide)) {
      const sorted = [...kinds].sort(([a], [b]) => (a < b ? -1 : 1));
      console.log(`\nrequests at the ${side}, through a counting proxy`);
      console.log(
        table(
          ['request', ...columns],
          sorted.map(([kind, counts]) => [kind, ...counts.map(String)]),
        ),
      );
    }
  } finally {
    await sourceProxy.close();
    await seeded.close();
  }
}
