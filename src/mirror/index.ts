// Mirror: copy images into a private registry, digest-exact (manifests and indexes byte for byte), each
// blob once per run, streamed and verified, with a bounded pool; re-runs copy only what is missing.
export type { BlobStats } from './blobs.js';
export { mirrorInputsFromText } from './inputs.js';
export * from './options.js';
export { type Destination, type MirrorItem, parseDestination, planMirror, targetFor } from './plan.js';
export { formatPlatform, matchesPlatform, narrowIndex, parsePlatform } from './platform.js';
export type { ReferrerMode } from './referrers.js';
export { selectTags, type TagFilter, tagVersion } from './repos.js';
export { type MirrorRunOptions, mirrorExitCode, mirrorImages } from './run.js';
