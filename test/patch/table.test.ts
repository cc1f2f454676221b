// The patch table: one line per root, the Helm command ready to paste, values from the cluster never
// reaching the terminal as control characters, and a summary that says what is left.
import { describe, expect, it } from 'vitest';
import type { PatchEntry } from '../../src/patch/index.js';
import { renderPatchTable } from '../../src/report/patch-table.js';

function entry(over: Partial<PatchEntry>): PatchEntry {
  return {
    cluster: 'ctx',
    namespace: 'ns',
    object: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'ns' },
    action: 'patch',
    outcome: 'planned',
    reason: null,
    managedBy: null,
    source: null,
    command: null,
    changes: [],
    operations: [],
    diff: '',
    forced: false,
    warnings: [],
    ...over,
  };
}

describe('renderPatchTable', () => {
  it('shows each root, the command to run instead, the diff of a plan, and what is left', () => {
    const text = renderPatchTable(
      [
        entry({
          changes: [{ container: 'web', path: '/x', from: 'k8s.gcr.io/a:1', to: 'registry.k8s.io/a:1' }],
          diff: '--- a/ns/deployment/web\n+++ b/ns/deployment/web\n',
        }),
        entry({
          object: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'shop\u001b[2J', namespace: 'ns' },
          action: 'instead',
          outcome: null,
          reason: 'Change `image.registry`.',
          command: ['helm', 'upgrade', 'shop', 'CHART', '--set', "a=b c'd"],
        }),
      ],
      [],
      'plan',
      null,
    );
    expect(text.split('\n')).toEqual([
      'planned  ctx:ns/deployment/web  web: k8s.gcr.io/a:1 → registry.k8s.io/a:1',
      'instead  ctx:ns/deployment/shop?[2J  Change `image.registry`.',
      "         run: helm upgrade shop CHART --set 'a=b c'\\''d'   (CHART: the chart the release was installed from)",
      '',
      '--- a/ns/deployment/web',
      '+++ b/ns/deployment/web',
      '',
      '1 to patch (dry-run passed); 0 skipped; 1 to change elsewhere',
      '',
    ]);
  });
});
