// `npm run testenv:up` / `testenv:down` (also `status`, and `build` for the binaries alone): an environment in .testenv/ that outlives
// the command, for running env tests repeatedly or debugging by hand (`. .testenv/env.sh`).
import { join } from 'node:path';
import { resolveBinaries } from './binaries.js';
import { findRunning, readState, startEnvironment, stopEnvironment } from './environment.js';
import { formatDuration, progress } from './log.js';
import { defaultStateDir } from './paths.js';
import { requireSystemTools } from './prereqs.js';

async function main(command: string | undefined): Promise<number> {
  const envSh = join(defaultStateDir, 'env.sh');
  switch (command) {
    case 'up': {
      const running = await findRunning(defaultStateDir);
      if (running) progress(`already up (started ${running.startedAt}); reusing it`);
      else await startEnvironment(defaultStateDir, [], { outlivesProcess: true });
      progress(`variables in ${envSh}; load them with: . .testenv/env.sh`);
      return 0;
    }
    case 'down': {
      const stopped = await stopEnvironment(defaultStateDir, { remove: true });
      progress(stopped ? 'stopped' : 'nothing was up');
      return 0;
    }
    case 'build': {
      // Only the binaries: to warm the cache, or to time a cold build.
      const began = Date.now();
      const binaries = await resolveBinaries(requireSystemTools());
      progress(`binaries ready in ${formatDuration(Date.now() - began)}`);
      process.stdout.write(`${JSON.stringify(binaries, null, 2)}\n`);
      return 0;
    }
    case 'status': {
      const state = readState(defaultStateDir);
      const running = await findRunning(defaultStateDir);
      progress(running ? 'up' : state ? 'recorded but not answering (run testenv:down)' : 'down');
      if (running) process.stdout.write(`${JSON.stringify(running.vars, null, 2)}\n`);
      return running ? 0 : 1;
    }
    default:
      process.stderr.write('usage: tsx test/env/cli.ts up|down|status|build\n');
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
