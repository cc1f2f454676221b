import { describe, expect, it } from 'vitest';
import { builtinRules, parseConfig, resolveRules } from '../../src/rules/index.js';

describe('regshift.yaml', () => {
  it('adds user rules after the built-ins, with report-only actions', () => {
    const config = parseConfig(
      'rules:\n  - { from: docker.io/bitnami, to: docker.io/bitnamilegacy }\n  - { from: quay.io/old-org, to: ghcr.io/new-org, action: report }\nbuiltin: true\n',
      'regshift.yaml',
    );
    const rules = resolveRules(config);
    expect(rules).toHaveLength(builtinRules.length + 2);
    expect(rules.at(-1)).toEqual({
      id: 'quay.io/old-org',
      from: 'quay.io/old-org',
      to: 'ghcr.io/new-org',
      action: 'report',
      builtin: false,
    });
  });

  it('reads the repositories mirror copies whole, and refuses a repos value that is not a list', () => {
    expect(parseConfig('repos:\n  - registry.k8s.io/pause\n', 'r.yaml').repos).toEqual([
      'registry.k8s.io/pause',
    ]);
    expect(parseConfig('rules: []\n', 'r.yaml').repos).toBeUndefined();
    expect(() => parseConfig('repos: registry.k8s.io/pause\n', 'r.yaml')).toThrow(/repos/);
  });

  it('can turn the built-in rules off', () => {
    expect(resolveRules(parseConfig('builtin: false\n', 'regshift.yaml'))).toEqual([]);
  });

  it('names the file, the line and what to write for a bad value', () => {
    const text =
      'rules:\n  - from: docker.io/bitnami\n    to: docker.io/bitnamilegacy\n  - from: quay.io/x\n    to: "not a prefix!"\n';
    expect(() => parseConfig(text, 'conf/regshift.yaml')).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: expect.stringMatching(/^conf\/regshift\.yaml:5: rules\.1\.to: must be a registry prefix/),
        hint: expect.stringContaining('from: OLD/PREFIX'),
      }),
    );
  });

  it('names unknown keys and bad actions', () => {
    expect(() => parseConfig('rulez: []\n', 'r.yaml')).toThrow(/r\.yaml:1: .*rulez/);
    expect(() => parseConfig('rules:\n  - {from: a.io, to: b.io, action: delete}\n', 'r.yaml')).toThrow(
      /r\.yaml:2: rules\.0\.action/,
    );
  });

  it('reports YAML syntax errors with line and column', () => {
    expect(() => parseConfig('rules: [\n  {from: a.io\n', 'r.yaml')).toThrow(
      expect.objectContaining({
        code: 'CONFIG_YAML',
        message: expect.stringMatching(/^r\.yaml:\d+:\d+: not valid YAML/),
      }),
    );
  });
});
