import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTree } from '../scan/tree.js';
import { runCli } from './run.js';

const repo = resolve(import.meta.dirname, '../..');
const created: string[] = [];
afterAll(() => {
  for (const root of created) rmSync(root, { recursive: true, force: true });
});

describe('regshift scan (CLI)', () => {
  it('scans the bundled example with the JSON contract', async () => {
    const { code, stdout } = await runCli(['scan', 'examples', '-o', 'json'], { cwd: repo });
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(['tool', 'command', 'findings', 'errors', 'summary']);
    expect(report.tool).toEqual({ name: 'regshift', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    const metrics = report.findings.find(
      (f: { match: string }) => f.match === 'k8s.gcr.io/metrics-server/metrics-server:v0.6.1',
    );
    expect(metrics).toEqual({
      source: 'file',
      path: 'examples/legacy-platform/deploy/metrics-server.yaml',
      line: 20,
      column: 18,
      endLine: 20,
      endColumn: 65,
      match: 'k8s.gcr.io/metrics-server/metrics-server:v0.6.1',
      kind: 'image',
      image: 'k8s.gcr.io/metrics-server/metrics-server:v0.6.1',
      replacement: 'registry.k8s.io/metrics-server/metrics-server:v0.6.1',
      rule: 'k8s.gcr.io',
      format: 'yaml',
      context: 'spec.template.spec.containers[0].image',
    });
    const values = report.findings.find((f: { context: string }) => f.context === 'image.registry');
    expect(values).toMatchObject({
      kind: 'registry',
      format: 'helm-values',
      image: 'k8s.gcr.io/kube-state-metrics/kube-state-metrics:v2.5.0',
    });
    expect(report.findings.some((f: { path: string }) => f.path.includes('rendered/'))).toBe(false);
    expect(report.summary.findings).toBe(report.findings.length);
  });

  it('prints a table grouped by file with a summary, and no colour off a terminal', async () => {
    const { code, stdout } = await runCli(['scan', 'examples/legacy-platform/nodes'], { cwd: repo });
    expect(code).toBe(1);
    expect(stdout).not.toContain('\x1b[');
    expect(stdout).toContain(
      'examples/legacy-platform/nodes/config.toml\n  4:20  image     k8s.gcr.io/pause:3.6 → registry.k8s.io/pause:3.6',
    );
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('line:col  kind      found → replacement  context');
    expect(lines.slice(-3)).toEqual([
      '4 findings (2 image, 1 registry, 1 mention) in 3 files; 3 files scanned, 0 skipped',
      'Next: `regshift check` verifies the images at their new location; `regshift fix` rewrites image and',
      'registry references (mention and policy rows are never rewritten).',
    ]);
  });

  it('exits 0 when nothing is found, and --fail-on chooses what counts', async () => {
    const root = makeTree({
      'ok.yaml': 'image: registry.k8s.io/pause:3.9\n',
      'docs.md': 'k8s.gcr.io was frozen in 2023.\n',
    });
    created.push(root);
    expect((await runCli(['scan', 'ok.yaml'], { cwd: root })).code).toBe(0);
    expect((await runCli(['scan'], { cwd: root })).code).toBe(1);
    expect((await runCli(['scan', '--fail-on', 'image'], { cwd: root })).code).toBe(0);
    expect((await runCli(['scan', '--fail-on', 'none', '-o', 'json'], { cwd: root })).code).toBe(0);
  });

  it('reads regshift.yaml and --rule, and rejects a bad config with file and line', async () => {
    const root = makeTree({
      'regshift.yaml': 'rules:\n  - {from: docker.io/bitnami, to: docker.io/bitnamilegacy}\n',
      'a.yaml': 'image: bitnami/redis:7\nother: quay.io/old/x:1\n',
      'bad.yaml': 'rules:\n  - {from: docker.io/bitnami}\n',
    });
    created.push(root);
    const json = JSON.parse(
      (await runCli(['scan', 'a.yaml', '-o', 'json', '--rule', 'quay.io/old=ghcr.io/new'], { cwd: root }))
        .stdout,
    );
    expect(json.findings.map((f: { replacement: string }) => f.replacement)).toEqual([
      'bitnamilegacy/redis:7',
      'ghcr.io/new/x:1',
    ]);
    const bad = await runCli(['scan', '--config', 'bad.yaml'], { cwd: root });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/error \[CONFIG_INVALID\]: .*bad\.yaml:2: rules\.0\.to: /);
    expect(bad.stderr).toContain('hint: Write rules as');
  });

  it('answers usage errors with exit 2 and advice', async () => {
    const unknown = await runCli(['scan', '--bogus'], { cwd: repo });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('regshift scan --help');
    const format = await runCli(['scan', '-o', 'xml'], { cwd: repo });
    expect(format).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('choose one of table, json, sarif, markdown, csv'),
    });
    const help = await runCli(['scan', '--help'], { cwd: repo });
    expect(help).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Usage: regshift scan [PATH...]'),
    });
    expect((await runCli([], { cwd: repo })).code).toBe(2);
    expect((await runCli(['frobnicate'], { cwd: repo })).stderr).toContain('unknown command "frobnicate"');
  });

  it('writes SARIF 2.1.0 with rules, regions and fixes', async () => {
    const { stdout } = await runCli(['scan', 'examples/legacy-platform/nodes', '-o', 'sarif'], { cwd: repo });
    const sarif = JSON.parse(stdout);
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual([
      'deprecated-registry-image',
      'deprecated-registry-registry',
      'deprecated-registry-mention',
    ]);
    for (const rule of run.tool.driver.rules)
      expect(Object.keys(rule)).toEqual(
        expect.arrayContaining(['id', 'shortDescription', 'fullDescription', 'help']),
      );
    type Result = { locations: { physicalLocation: { region: { startLine: number } } }[] };
    const sandbox = run.results.find((r: Result) => r.locations[0]?.physicalLocation.region.startLine === 4);
    expect(sandbox.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'examples/legacy-platform/nodes/config.toml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 4, startColumn: 20, endLine: 4, endColumn: 40 },
    });
    expect(sandbox.fixes[0].artifactChanges[0].replacements[0].insertedContent.text).toBe(
      'registry.k8s.io/pause:3.6',
    );
    expect(sandbox.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]{16}:1$/);
    const mention = run.results.find((r: { ruleId: string }) => r.ruleId === 'deprecated-registry-mention');
    expect(mention.fixes).toBeUndefined();
  });

  it('writes CSV with quoting and Markdown with a summary', async () => {
    const root = makeTree({ 'a,b.yaml': 'x: "k8s.gcr.io/pause:3.2"\n' });
    created.push(root);
    const csv = (await runCli(['scan', '-o', 'csv'], { cwd: root })).stdout.split('\r\n');
    expect(csv[0]).toBe(
      'path,line,column,endLine,endColumn,kind,match,image,replacement,rule,format,context',
    );
    expect(csv[1]).toBe(
      '"a,b.yaml",1,5,1,25,image,k8s.gcr.io/pause:3.2,k8s.gcr.io/pause:3.2,registry.k8s.io/pause:3.2,k8s.gcr.io,yaml,x',
    );
    const md = (await runCli(['scan', '-o', 'markdown'], { cwd: root })).stdout;
    expect(md).toContain('| a,b.yaml:1:5 | image | `k8s.gcr.io/pause:3.2` | `registry.k8s.io/pause:3.2` |');
  });

  it('reports unreadable directories and files (as an unprivileged user) and goes on', () => {
    const root = makeTree({
      'ok.yaml': 'image: k8s.gcr.io/pause:3.2\n',
      'locked/x.yaml': 'image: k8s.gcr.io/pause:3.2\n',
      'secret.yaml': 'a: k8s.gcr.io/b:1\n',
    });
    created.push(root);
    chmodSync(root, 0o755);
    chmodSync(join(root, 'locked'), 0o000);
    chmodSync(join(root, 'secret.yaml'), 0o000);
    // Root reads everything, so drop to `nobody` for this one test, as a real user would be.
    const asUser =
      process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
    const [cmd, ...args] = [...asUser, process.execPath, join(repo, 'bin/regshift.js'), 'scan', '-o', 'json'];
    const result = spawnSync(cmd!, args, { cwd: root, encoding: 'utf8' });
    chmodSync(join(root, 'locked'), 0o755);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.findings.map((f: { path: string }) => f.path)).toEqual(['ok.yaml']);
    expect(report.errors).toEqual([
      {
        path: 'locked',
        code: 'UNREADABLE',
        message: 'cannot read directory: EACCES',
        hint: 'Check its permissions, or leave it out with --exclude.',
      },
      {
        path: 'secret.yaml',
        code: 'UNREADABLE',
        message: 'cannot read file: EACCES',
        hint: 'Check its permissions, or leave it out with --exclude.',
      },
    ]);
  });

  it('reports a tree of many directories whole: ignored, binary and oversized files counted apart', async () => {
    const files: Record<string, string | Buffer> = {
      '.gitignore': 'ignored/\n',
      'ignored/x.yaml': 'image: k8s.gcr.io/x:1\n',
    };
    for (let i = 0; i < 1500; i++) {
      const dir = `apps/app-${String(i % 97).padStart(2, '0')}`;
      files[`${dir}/f${i}.yaml`] =
        i % 7 === 0
          ? `kind: Pod\nspec: {containers: [{image: k8s.gcr.io/pause:3.${i}}]}\n`
          : `kind: ConfigMap\ndata: {n: "${i}"}\n`;
      if (i % 300 === 0) files[`${dir}/blob${i}.bin`] = Buffer.from([0, 1, 2, 107, 56, 115]);
    }
    files['apps/big.yaml'] = `${'#'.repeat(3000)}\nimage: k8s.gcr.io/pause:3.2\n`;
    const root = makeTree(files);
    created.push(root);
    const one = await runCli(['scan', '-o', 'json', '--max-file-size', '2k'], { cwd: root });
    expect(one.code).toBe(1);
    const report = JSON.parse(one.stdout);
    expect(report.summary).toEqual({ files: 1501, skipped: 6, findings: 215 });
    expect(report.errors).toEqual([
      expect.objectContaining({ path: 'apps/big.yaml', code: 'FILE_TOO_LARGE' }),
    ]);
  });

  it('runs as the installed binary and as the kubectl plugin name', () => {
    const out = execFileSync(process.execPath, [join(repo, 'bin/regshift.js'), '--version'], {
      encoding: 'utf8',
    });
    expect(out).toMatch(/^regshift \d+\.\d+\.\d+\n$/);
    const pkg = JSON.parse(execFileSync('cat', [join(repo, 'package.json')], { encoding: 'utf8' }));
    expect(pkg.bin).toEqual({ regshift: 'bin/regshift.js', 'kubectl-regshift': 'bin/regshift.js' });
  });
});
