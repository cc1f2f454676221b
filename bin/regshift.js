#!/usr/bin/env node
// Thin launcher: the CLI is dist/regshift.js, bundled from src/cli/main.ts by `npm run build` (run by
// `npm install` via `prepare`): one module graph to load instead of a hundred files, which halves start-up.
import { main } from '../dist/regshift.js';

process.exitCode = await main(process.argv.slice(2));
