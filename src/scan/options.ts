import type { Rule } from '../rules/types.js';

export interface ScanOptions {
  /** Directory that reported paths are relative to (default: process.cwd()). */
  cwd?: string;
  /** The active rules (default: the built-in k8s.gcr.io set). */
  rules?: readonly Rule[];
  /** Honour .gitignore and .ignore files (default true; the CLI's --no-ignore turns it off). */
  useIgnoreFiles?: boolean;
  /** Gitignore-style globs to leave out, relative to each scanned path. */
  exclude?: readonly string[];
  /** Files larger than this many bytes are skipped and reported (default 10 MiB). */
  maxFileSize?: number;
  /** Called as files are scanned, for progress reporting. */
  onProgress?: (progress: { files: number; path: string }) => void;
}

export const defaultMaxFileSize = 10 * 1024 * 1024;
