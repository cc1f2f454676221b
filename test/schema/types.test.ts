// The schema and the library's own types agree: each value the code writes is assignable to what the
// schema says of it. `npm run typecheck` checks these (at run time they are no-ops): a field the schema
// requires and the type lacks, or types differently, fails before any test runs. (A field the type has and
// the schema lacks fails the real-output tests instead: the schema allows no unknown field.)
import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { Connectivity, ImageCheck } from '../../src/check/index.js';
import type { CheckPullResult, ClusterReport, PullFailure } from '../../src/cluster/index.js';
import type { Diagnostic, Finding } from '../../src/findings.js';
import type { MirrorReport } from '../../src/mirror/index.js';
import type { PatchEntry } from '../../src/patch/index.js';
import type { ReportModel } from '../../src/report/model/types.js';
import type { Explanation } from '../../src/rules/explain.js';
import type { commandOutputs } from '../../src/schema/index.js';

type Out<K extends keyof typeof commandOutputs> = z.infer<(typeof commandOutputs)[K]>;
type Item<T> = T extends readonly (infer I)[] ? I : never;

describe('the schema and the types', () => {
  it('scan and fix', () => {
    expectTypeOf<Finding & { source: 'file' }>().toExtend<Item<Out<'scan'>['findings']>>();
    expectTypeOf<Diagnostic>().toExtend<Item<Out<'scan'>['errors']>>();
    expectTypeOf<Diagnostic>().toExtend<Item<Out<'fix'>['errors']>>();
  });

  it('cluster, check-pull and patch', () => {
    type Cluster = Out<'cluster'>;
    expectTypeOf<ClusterReport['findings']>().toExtend<Cluster['findings']>();
    expectTypeOf<ClusterReport['clusters']>().toExtend<Cluster['clusters']>();
    expectTypeOf<ClusterReport['errors']>().toExtend<Cluster['errors']>();
    expectTypeOf<ClusterReport['summary']>().toExtend<Cluster['summary']>();
    expectTypeOf<PullFailure[]>().toExtend<Cluster['pullFailures']>();
    expectTypeOf<CheckPullResult[]>().toExtend<Out<'checkPull'>['checks']>();
    expectTypeOf<PatchEntry[]>().toExtend<Out<'patch'>['patches']>();
  });

  it('check and mirror', () => {
    expectTypeOf<ImageCheck[]>().toExtend<Out<'check'>['images']>();
    expectTypeOf<Connectivity[]>().toExtend<Out<'check'>['connectivity']>();
    expectTypeOf<MirrorReport['results']>().toExtend<Out<'mirror'>['results']>();
  });

  it('rules and report', () => {
    expectTypeOf<Explanation[]>().toExtend<Out<'explain'>['explain']>();
    const { errors: _e, summary: _s, ...results } = {} as ReportModel;
    expectTypeOf(results).toExtend<Omit<Out<'report'>, 'tool' | 'command' | 'errors' | 'summary'>>();
    expectTypeOf<ReportModel['errors']>().toExtend<Out<'report'>['errors']>();
    expectTypeOf<ReportModel['summary']>().toExtend<Out<'report'>['summary']>();
  });
});
