// vitest globalSetup for the `env` project: reuse the environment of `npm run testenv:up` when it is
// up, else start one in a temporary directory and stop it at the end (also when tests fail, and on
// exit if teardown never runs). The variables reach test files through process.env and `inject`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { type Daemon, killNow } from './daemon.js';
import { type EnvState, findRunning, startEnvironment, stopEnvironment } from './environment.js';
import { progress } from './log.js';
import { removeLeftoverNodes } from './node/index.js';
import { defaultStateDir } from './paths.js';
import { applyVars, type EnvVars } from './vars.js';

declare module 'vitest' {
  interface ProvidedContext {
    regshiftTestEnv: EnvVars;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let state: EnvState | undefined = await findRunning(defaultStateDir);
  let ownDir: string | undefined;
  const started: Daemon[] = [];
  // Teardown does not run when vitest is interrupted (Ctrl-C); 'exit' handlers still do.
  const onExit = (): void => {
    // The node first: its teardown unmounts what is mounted in ownDir, which could not be removed before.
    if (ownDir) removeLeftoverNodes(ownDir);
    for (const daemon of started) killNow(daemon);
    if (ownDir) rmSync(ownDir, { recursive: true, force: true });
  };
  if (state) {
    progress(`reusing the environment in ${defaultStateDir}`);
  } else {
    ownDir = mkdtempSync(join(tmpdir(), 'regshift-testenv-'));
    process.once('exit', onExit);
    try {
      state = await startEnvironment(ownDir, started);
    } catch (error) {
      process.removeListener('exit', onExit);
      rmSync(ownDir, { recursive: true, force: true });
      throw error;
    }
  }

  applyVars(state.vars);
  project.provide('regshiftTestEnv', state.vars);

  return async () => {
    if (!ownDir) return;
    await stopEnvironment(ownDir, { remove: true });
    process.removeListener('exit', onExit);
    progress('stopped the environment this run started');
  };
}
