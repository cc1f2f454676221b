import { removeTemporaryFiles } from '../rewrite/index.js';

/**
 * Run `work` so that SIGINT or SIGTERM first removes the temporary files of writes in progress, then
 * ends the process by the same signal (its default action, so the shell sees 130 or 143).
 */
export async function whileCleaningUpOnSignal<T>(work: () => Promise<T>): Promise<T> {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const onSignal = (signal: NodeJS.Signals) => {
    removeTemporaryFiles();
    for (const s of signals) process.off(s, onSignal);
    process.kill(process.pid, signal);
  };
  for (const s of signals) process.on(s, onSignal);
  try {
    return await work();
  } finally {
    for (const s of signals) process.off(s, onSignal);
  }
}
