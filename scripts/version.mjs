// Writes src/version.ts from package.json, so the version is a constant in what tsc and esbuild build
// (no package.json read at run time, wherever the code is bundled or installed). Run by `npm run build`
// and by `npm version`; test/build/version.test.ts fails when the two disagree.
import { readFileSync, writeFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
if (typeof version !== 'string' || !/^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/.test(version))
  throw new Error(`package.json: version ${JSON.stringify(version)} is not a semantic version`);
const target = new URL('../src/version.ts', import.meta.url);
const text = `// Generated from package.json by scripts/version.mjs (npm run build); do not edit.\nexport const version = '${version}';\n`;
let current = '';
try {
  current = readFileSync(target, 'utf8');
} catch {}
if (current !== text) writeFileSync(target, text);
