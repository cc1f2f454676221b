import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvField } from '../../src/report/csv.js';
import { markdownText, terminalText } from '../../src/report/escape.js';
import { treesRemovedAfterAll } from '../scan/tree.js';
import { runCli } from './run.js';

const repo = resolve(import.meta.dirname, '../..');
const tree = treesRemovedAfterAll();

// An OSC sequence that sets the terminal title, and a CSI that clears the screen, in a file name.
const osc = '\x1b]0;pwned\x07';
const clear = '\x1b[2J';
const hostileName = `a${osc}${clear}.yaml`;

describe('terminal output escapes control characters', () => {
  it('scan table and stderr show escape sequences from file names as text', async () => {
    const root = tree({
      [hostileName]: 'image: k8s.gcr.io/pause:3.2\n',
      [`b${osc}.json`]: '{"a": k8s.gcr.io/x:1',
    });
    const { stdout, stderr } = await runCli(['scan'], { cwd: root });
    expect(stdout).not.toContain('\x1b');
    expect(stdout).not.toContain('\x07');
    expect(stdout).toContain('a\\x1b]0;pwned\\x07\\x1b[2J.yaml');
    expect(stderr).not.toContain('\x1b');
    expect(stderr).toContain('b\\x1b]0;pwned\\x07.json');
  });

  it('keeps its own colours and escapes the rest', () => {
    expect(terminalText(`\x1b[1mbold\x1b[22m ${osc}`, true)).toBe('\x1b[1mbold\x1b[22m \\x1b]0;pwned\\x07');
    expect(terminalText('\x1b[31mred\x9b2J')).toBe('\\x1b[31mred\\x9b2J');
  });
});

describe('Markdown, CSV and SARIF escape what their readers would act on', () => {
  it('Markdown: a path cannot break the table, start a new line or mention anyone', async () => {
    const root = tree({ 'x|@octocat\n## y.yaml': 'image: k8s.gcr.io/pause:3.2\n' });
    const md = (await runCli(['scan', '-o', 'markdown'], { cwd: root })).stdout;
    const row = md.split('\n').find((l) => l.includes('pause'))!;
    expect(row).toBe(
      '| x\\|&#64;octocat\\\\n## y.yaml:1:8 | image | `k8s.gcr.io/pause:3.2` | `registry.k8s.io/pause:3.2` |',
    );
    expect(md).not.toContain('@octocat');
    expect(markdownText('[link](javascript:x) <img src=x>')).toBe('\\[link\\](javascript:x) \\<img src=x\\>');
  });

  it('CSV: a field a spreadsheet would run as a formula is neutralised', async () => {
    const root = tree({ '=HYPERLINK("evil")': 'image: k8s.gcr.io/pause:3.2\n' });
    const csv = (await runCli(['scan', '-o', 'csv'], { cwd: root })).stdout.split('\r\n');
    expect(csv[1]).toMatch(/^"'=HYPERLINK\(""evil""\)",1,8,/);
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvField(`${start}1+1`)).toMatch(/^"?'/);
    expect(csvField(-1)).toBe('-1');
  });

  it('SARIF: URIs are percent-encoded, and a file outside the source root gets an absolute file URI', async () => {
    const root = tree({
      'repo/dir with space/a#b%.yaml': 'image: k8s.gcr.io/pause:3.2\n',
      'outside.yaml': 'image: k8s.gcr.io/pause:3.2\n',
    });
    const cwd = join(root, 'repo');
    const sarif = JSON.parse((await runCli(['scan', '.', '../outside.yaml', '-o', 'sarif'], { cwd })).stdout);
    const locations = sarif.runs[0].results.map(
      (r: { locations: { physicalLocation: { artifactLocation: unknown } }[] }) =>
        r.locations[0]!.physicalLocation.artifactLocation,
    );
    expect(locations).toEqual([
      { uri: `file://${join(root, 'outside.yaml')}` },
      { uri: 'dir%20with%20space/a%23b%25.yaml', uriBaseId: '%SRCROOT%' },
    ]);
  });
});

describe('a closed pipe', () => {
  it('scan -o json | head -1 ends quietly, without a stack trace', () => {
    const root = tree(
      Object.fromEntries(
        Array.from({ length: 400 }, (_, i) => [`f${i}.yaml`, `image: k8s.gcr.io/pause:3.${i}\n`]),
      ),
    );
    const result = spawnSync(
      'sh',
      ['-c', `"${process.execPath}" "${join(repo, 'bin/regshift.js')}" scan -o json | head -1`],
      { cwd: root, encoding: 'utf8' },
    );
    expect(result.stdout).toBe('{\n');
    expect(result.stderr).toBe('');
  });
});
