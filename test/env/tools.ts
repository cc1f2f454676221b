// Go-built tools (kube-apiserver, kube-controller-manager, kubectl, kubelet, kube-scheduler, etcd, helm, crane, kyverno, gator, cosign,
// ocireg): each comes from a pinned module under test/env/go/<name>/ and is built once into the cache, keyed by its version.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { availableParallelism, setPriority } from 'node:os';
import { join } from 'node:path';
import { formatDuration, progress } from './log.js';
import { cacheRoot, goModulesDir } from './paths.js';

export interface GoTool {
  /** Directory under test/env/go/ holding go.mod and go.sum. */
  name: string;
  /** The module whose version names the cache directory. */
  module: string;
  /** Binary name -> Go package. */
  binaries: Record<string, string>;
  ldflags?: (version: string) => string;
}

// Without these the binaries report v0.0.0, which kubectl and helm would see as the server version.
function kubeLdflags(version: string): string {
  const [major, minor] = version.replace(/^v/, '').split('.');
  const flags = ['-s', '-w'];
  for (const pkg of ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']) {
    flags.push(
      `-X ${pkg}.gitVersion=${version}`,
      `-X ${pkg}.gitMajor=${major}`,
      `-X ${pkg}.gitMinor=${minor}`,
      `-X ${pkg}.gitTreeState=clean`,
      `-X ${pkg}.buildDate=1970-01-01T00:00:00Z`,
    );
  }
  return flags.join(' ');
}

export const goTools = {
  kube: {
    name: 'kube',
    module: 'k8s.io/kubernetes',
    binaries: {
      'kube-apiserver': 'k8s.io/kubernetes/cmd/kube-apiserver',
      'kube-controller-manager': 'k8s.io/kubernetes/cmd/kube-controller-manager',
      kubectl: 'k8s.io/kubernetes/cmd/kubectl',
      // The node (containerd runs the containers): same module and version as the apiserver.
      kubelet: 'k8s.io/kubernetes/cmd/kubelet',
      'kube-scheduler': 'k8s.io/kubernetes/cmd/kube-scheduler',
    },
    ldflags: kubeLdflags,
  },
  etcd: {
    name: 'etcd',
    module: 'go.etcd.io/etcd/server/v3',
    binaries: { etcd: 'go.etcd.io/etcd/server/v3' },
  },
  helm: {
    name: 'helm',
    module: 'helm.sh/helm/v3',
    binaries: { helm: 'helm.sh/helm/v3/cmd/helm' },
    ldflags: (version) => `-s -w -X helm.sh/helm/v3/internal/version.version=${version}`,
  },
  crane: {
    name: 'crane',
    module: 'github.com/google/go-containerregistry',
    binaries: { crane: 'github.com/google/go-containerregistry/cmd/crane' },
    ldflags: () => '-s -w',
  },
  // Policy engines' CLIs, for `regshift policy`'s verdicts (kyverno's go.mod has a replace that a
  // wrapper module must repeat, so it is built from test/env/go/kyverno rather than `go install`ed).
  kyverno: {
    name: 'kyverno',
    module: 'github.com/kyverno/kyverno',
    binaries: { kyverno: 'github.com/kyverno/kyverno/cmd/cli/kubectl-kyverno' },
    ldflags: () => '-s -w',
  },
  gator: {
    name: 'gator',
    module: 'github.com/open-policy-agent/gatekeeper/v3',
    binaries: { gator: 'github.com/open-policy-agent/gatekeeper/v3/cmd/gator' },
    ldflags: () => '-s -w',
  },
  // Signs and verifies images in the referrer tests (issue 19); not started by the environment.
  cosign: {
    name: 'cosign',
    module: 'github.com/sigstore/cosign/v3',
    binaries: { cosign: 'github.com/sigstore/cosign/v3/cmd/cosign' },
    ldflags: () => '-s -w',
  },
  // A registry with the OCI 1.1 referrers API: test/env/go/ocireg/main.go over go-containerregistry. Cached
  // by the library's version: after editing main.go, delete ~/.cache/regshift/testenv/ocireg-*.
  ocireg: {
    name: 'ocireg',
    module: 'github.com/google/go-containerregistry',
    binaries: { ocireg: 'regshift.test/testenv/ocireg' },
    ldflags: () => '-s -w',
  },
} satisfies Record<string, GoTool>;

/** The version of `tool.module` pinned in test/env/go/<name>/go.mod. */
export function toolVersion(tool: GoTool): string {
  const goMod = readFileSync(join(goModulesDir, tool.name, 'go.mod'), 'utf8');
  const escaped = tool.module.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const match = new RegExp(`^\\s*(?:require\\s+)?${escaped}\\s+(v\\S+)`, 'm').exec(goMod);
  if (!match?.[1]) throw new Error(`test/env/go/${tool.name}/go.mod does not require ${tool.module}`);
  return match[1];
}

export function toolDir(tool: GoTool): string {
  return join(cacheRoot(), `${tool.name}-${toolVersion(tool)}`);
}

/** Paths of the requested binaries, building the missing ones first (progress on stderr). */
export async function ensureBinaries<T extends GoTool>(
  tool: T,
  names: readonly (keyof T['binaries'] & string)[],
): Promise<Record<string, string>> {
  const dir = toolDir(tool);
  const paths = Object.fromEntries(names.map((name) => [name, join(dir, name)]));
  const missing = names.filter((name) => !existsSync(join(dir, name)));
  if (missing.length > 0) await build(tool, missing, dir);
  return paths;
}

async function build(tool: GoTool, names: readonly string[], dir: string): Promise<void> {
  const version = toolVersion(tool);
  mkdirSync(dir, { recursive: true });
  // Build into a scratch directory and rename: a half-finished build never looks cached.
  const scratch = mkdtempSync(join(dir, '.build-'));
  const packages = names.map((name) => (tool.binaries as Record<string, string>)[name]!);
  const output = packages.length === 1 ? join(scratch, names[0]!) : `${scratch}/`;
  const procs = process.env['REGSHIFT_TESTENV_GO_PROCS'] ?? String(availableParallelism());
  const args = ['build', '-v', '-p', procs, '-o', output];
  if (tool.ldflags) args.push(`-ldflags=${tool.ldflags(version)}`);
  args.push(...packages);
  progress(`building ${names.join(', ')} ${version} with go (first run only; cached in ${dir})`);
  const started = Date.now();
  try {
    await runGoBuild(args, join(goModulesDir, tool.name), names.join(', '), started);
    for (const name of names) renameSync(join(scratch, name), join(dir, name));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  progress(`built ${names.join(', ')} in ${formatDuration(Date.now() - started)}`);
}

function runGoBuild(args: string[], cwd: string, label: string, started: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('go', args, {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        // Reproducible from the committed go.mod/go.sum; never fetch another toolchain.
        GOFLAGS: '-trimpath -mod=readonly -buildvcs=false',
        GOTOOLCHAIN: 'local',
      },
    });
    // A lower priority keeps the machine usable while a cold build runs.
    try {
      if (child.pid) setPriority(child.pid, 10);
    } catch {
      // not permitted: build at normal priority
    }
    let compiled = 0;
    let downloaded = 0;
    const tail: string[] = [];
    child.stderr.setEncoding('utf8');
    let pending = '';
    child.stderr.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('go: downloading')) downloaded++;
        else compiled++;
        tail.push(line);
        if (tail.length > 60) tail.shift();
      }
    });
    const ticker = setInterval(() => {
      const fetched = downloaded > 0 ? `${downloaded} modules downloaded, ` : '';
      progress(
        `  ${label}: ${fetched}${compiled} packages compiled, ${formatDuration(Date.now() - started)} elapsed`,
      );
    }, 30_000);
    child.on('error', (error) => {
      clearInterval(ticker);
      reject(new Error(`cannot run go (install Go >= 1.26): ${error.message}`));
    });
    child.on('close', (code) => {
      clearInterval(ticker);
      if (code === 0) resolvePromise();
      else
        reject(
          new Error(
            `go ${args.join(' ')} failed (exit ${code}) in ${cwd}:\n${[...tail, pending].join('\n')}`,
          ),
        );
    });
  });
}
