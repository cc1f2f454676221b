// Bundles the CLI (and the scan worker it starts) into dist/: one module graph to load instead of a
// hundred files, which takes about 100 ms off every command's start. Dependencies stay external, loaded
// from node_modules as usual; commands stay in chunks of their own, loaded when run. The library API is
// tsc's output beside it (dist/index.js), unchanged.
import { readdirSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const dist = new URL('../dist/', import.meta.url);
for (const name of readdirSync(dist)) if (/^chunk-.*\.js$/.test(name)) rmSync(new URL(name, dist));

await build({
  entryPoints: { regshift: 'src/cli/main.ts', worker: 'src/scan/worker.ts' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  outdir: 'dist',
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
});
