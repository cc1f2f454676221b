// Bundles the CLI into dist/: one module graph to load instead of a
// hundred files, which takes about 100 ms off every command's start. Dependencies stay external, loaded
// from node_modules as usual; commands stay in chunks of their own, loaded when run. The library API is
// tsc's output beside it (dist/index.js), unchanged.
import { readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = new URL('../dist/', import.meta.url);
for (const name of readdirSync(dist)) if (/^chunk-.*\.js$/.test(name)) rmSync(new URL(name, dist));

/** `undici` in the bundle is its HTTP/1.1 client alone (scripts/undici-parts.mjs says why). */
const undiciParts = {
  name: 'undici-parts',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, () => ({
      path: fileURLToPath(new URL('./undici-parts.mjs', import.meta.url)),
    }));
  },
};

await build({
  plugins: [undiciParts],
  entryPoints: { regshift: 'src/cli/main.ts' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // undici is bundled: loading its hundred files took about 100 ms of every `check` and `mirror` start.
  // The rest stay in node_modules: loaded lazily (yaml, zod, jsonc-parser, the Kubernetes client) or small.
  external: ['@kubernetes/client-node', 'yaml', 'zod', 'jsonc-parser', 'ignore'],
  // Bundled CommonJS (undici) calls require() for Node's own modules; ES modules have no require.
  banner: { js: "import { createRequire as __regshiftRequire } from 'node:module'; const require = __regshiftRequire(import.meta.url);" },
  outdir: 'dist',
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
});
