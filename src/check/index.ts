// `check`: connectivity to the target registries, and existence and digest equality of images at their
// new location. Library functions; the CLI (src/cli/commands/check.ts) only parses flags and prints.

export { mapLimit } from '../concurrency.js';
export * from '../inputs/images.js';
export * from './connectivity.js';
export * from './images.js';
export * from './options.js';
export * from './run.js';
