// The CLI in a child process, for what a test measures of the process itself (its peak memory): runs
// `main` with the real streams, then reports its peak resident set and the
// time `main` took on stderr as `maxRSS=<KiB> ms=<ms>` (start-up, which tsx lengthens, not counted).
import { main } from '../../../src/cli/main.js';

const started = performance.now();
const code = await main(process.argv.slice(2));
const ms = Math.round(performance.now() - started);
process.stderr.write(`\nmaxRSS=${process.resourceUsage().maxRSS} ms=${ms}\n`);
process.exit(code);
