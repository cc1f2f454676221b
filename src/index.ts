// regshift's public library API: re-exports only.

export * from './check/index.js';
export * from './cluster/index.js';
export { type ErrorCode, errorCatalogue, isRegshiftError, RegshiftError } from './errors.js';
export type * from './findings.js';
export * from './mirror/index.js';
export * from './patch/index.js';
export * from './policy/index.js';
export * from './reference/index.js';
export { RegistryClient } from './registry/index.js';
export * from './report/cluster-render.js';
export * from './report/index.js';
export * from './rewrite/index.js';
export * from './rules/index.js';
export { type ScanOptions, scan, scanFileText } from './scan/index.js';
export { version } from './version.js';
