// Rewriting files: plan edits from findings, splice bytes, verify by re-scan and re-parse, write atomically.
export { type ApplyOptions, applyFixes } from './apply.js';
export { removeTemporaryFiles } from './atomic-write.js';
export { unifiedDiff } from './diff.js';
export { type PlanOptions, planFixes } from './plan.js';
export type * from './types.js';
