// Every benchmark: adding one is a file bench/<name>.ts exporting `run(args)` plus one line here.

export interface BenchmarkModule {
  /** Runs the benchmark with the arguments after its name; prints results on stdout. */
  run(args: string[]): Promise<void>;
}

export interface BenchmarkEntry {
  summary: string;
  load: () => Promise<BenchmarkModule>;
}

export const benchmarks: Record<string, BenchmarkEntry> = {
  scan: {
    summary: 'regshift scan vs ripgrep on a 20,000-file monorepo (--large: peak memory on 1 GiB)',
    load: () => import('./scan.js'),
  },
  cluster: {
    summary: 'regshift cluster vs kubectl get -A -o json on 10,000 seeded Pods (needs . .testenv/env.sh)',
    load: () => import('./cluster.js'),
  },
  fix: {
    summary: 'regshift fix vs scan on fresh copies of that monorepo, result verified',
    load: () => import('./fix.js'),
  },
  mirror: {
    summary:
      'regshift mirror vs skopeo sync and crane copy, 20 two-platform images (--large: 1 GiB layer RSS)',
    load: () => import('./mirror.js'),
  },
  report: {
    summary: 'regshift report -o html on 50,000 findings: page size, and time to interactive in chromium',
    load: () => import('./report.js'),
  },
};
