// Progress goes to stderr so that stdout stays clean for whatever runs the environment.
const start = Date.now();

export function progress(message: string): void {
  const seconds = ((Date.now() - start) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[testenv ${seconds}s] ${message}\n`);
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}
