// vitest globalSetup for the `env` project: reuse the environment of `npm run testenv:up` when it is
// up, else start one in a temporary directory and stop it at the end (also when tests fail, and on
// exit if teardown never runs). The variables reach test files through process.env and `inject`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { killNow } from './daemon.js';
import { type EnvState, findRunning, startEnvironment, stopEnvironment } from './environment.js';
import { progress } from './log.js';
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
  if (state) {
    progress(`reusing the environment in ${defaultStateDir}`);
  } else {
    ownDir = mkdtempSync(join(tmpdir(), 'regshift-testenv-'));
    try {
      state = await startEnvironment(ownDir);
    } catch (error) {
      rmSync(ownDir, { recursive: true, force: true });
      throw error;
    }
  }
  const started = ownDir ? state : undefined;
  const onExit = (): void => {
    for (const daemon of started?.daemons ?? []) killNow(daemon);
  };
  if (started) process.once('exit', onExit);

  applyVars(state.vars);
  project.provide('regshiftTestEnv', state.vars);

  return async () => {
    if (!ownDir) return;
    process.removeListener('exit', onExit);
    await stopEnvironment(ownDir, { remove: true });
    progress('stopped the environment this run started');
  };
}
