import type { Command } from '../io.js';

/** A command as `regshift --help` lists it; its module is loaded only when it runs (startup stays fast). */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

/** Every command, in the order `regshift --help` lists them. */
export const commands: CommandEntry[] = [
  {
    name: 'scan',
    summary: 'find references to deprecated registries in files',
    load: async () => (await import('./scan.js')).scanCommand,
  },
  {
    name: 'fix',
    summary: 'rewrite those references in place (byte-exact, verified)',
    load: async () => (await import('./fix.js')).fixCommand,
  },
  {
    name: 'check',
    summary: 'check connectivity, and that images exist at the new registry with the same digest',
    load: async () => (await import('./check.js')).checkCommand,
  },
  {
    name: 'cluster',
    summary: 'find references in live clusters, traced to what must change',
    load: async () => (await import('./cluster.js')).clusterCommand,
  },
  {
    name: 'patch',
    summary: 'patch live workloads at their owner (plan, apply, undo)',
    load: async () => (await import('./patch.js')).patchCommand,
  },
  {
    name: 'mirror',
    summary: 'copy images into a private registry, digest-exact, all platforms',
    load: async () => (await import('./mirror.js')).mirrorCommand,
  },
  {
    name: 'policy',
    summary: 'print admission policies that warn about, deny or rewrite moved images',
    load: async () => (await import('./policy.js')).policyCommand,
  },
  {
    name: 'rules',
    summary: 'list rule packs (dated registry moves with sources); --explain IMAGE',
    load: async () => (await import('./rules.js')).rulesCommand,
  },
  {
    name: 'report',
    summary: 'merge JSON outputs into one report: a self-contained HTML page, markdown or json',
    load: async () => (await import('./report.js')).reportCommand,
  },
];
