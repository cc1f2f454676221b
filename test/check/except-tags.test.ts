import { describe, expect, it } from 'vitest';
import { checkImage } from '../../src/check/images.js';
import type { RegistryClient } from '../../src/registry/client.js';
import { resolveRules, targetOf } from '../../src/rules/index.js';
import { runCli } from '../cli/run.js';

/** A client that fails any use: the verdicts below must come from the rule data, not from a registry. */
const noRequests = new Proxy({} as RegistryClient, {
  get() {
    throw new Error('no registry request was expected');
  },
});

describe('check and the tags a move left behind', () => {
  const rules = resolveRules(undefined, [], ['bitnami', 'bitnami-ecr-public']);

  it('reports an excluded tag missing at the new location, with the reason, asking no registry', async () => {
    const result = await checkImage(noRequests, { image: 'bitnami/postgresql:11.14.0-debian-10-r22' }, rules);
    expect(result).toMatchObject({
      verdict: 'missing',
      target: 'bitnamilegacy/postgresql:11.14.0-debian-10-r22',
      error:
        'no target: this tag (11.14.0-debian-10-r22) was not copied to docker.io/bitnamilegacy; mirror it or move to a maintained image',
    });
  });

  it('has no target for a report-only rule that names none, rather than comparing the image with itself', () => {
    expect(targetOf({ image: 'public.ecr.aws/bitnami/redis:7' }, rules)).toBeUndefined();
    expect(targetOf({ image: 'bitnami/redis:7.2.4-debian-12-r9' }, rules)).toBe(
      'bitnamilegacy/redis:7.2.4-debian-12-r9',
    );
  });

  it('says so end to end, with --pack', async () => {
    const { code, stdout } = await runCli(
      [
        'check',
        '--pack',
        'bitnami',
        '--no-connectivity',
        '-o',
        'json',
        'docker.io/bitnami/redis:4.0.9-debian-9-r1',
      ],
      { cwd: process.cwd() },
    );
    expect(code).toBe(1);
    expect(JSON.stringify(JSON.parse(stdout))).toContain('this tag (4.0.9-debian-9-r1) was not copied');
  });
});
