// The one parser for each kind of flag value: every command reads durations, whole numbers, sizes,
// choices (`-o`) and registry prefixes (`--to`) here, so they mean the same and fail the same way.
import type { ErrorCode } from '../errors.js';
import { parseDestination } from '../reference/destination.js';
import { UsageError } from './io.js';

const durationUnits: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * `10s`, `500ms`, `1m`, `1h`, or a plain number of seconds (what `cluster` and `patch --timeout` took
 * before, kept so scripts go on working), as milliseconds. Never zero: a deadline of nothing is a typo.
 */
export function parseDuration(text: string, flag = '--timeout'): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new UsageError(`${flag} "${text}" is not a duration such as 10s, 500ms or 1m`);
  const ms = Number(match[1]) * durationUnits[match[2] ?? 's']!;
  if (!(ms >= 1)) throw new UsageError(`${flag} ${text}: give a duration of at least 1ms`);
  return Math.round(ms);
}

/** Milliseconds as the shortest duration that reads back to them: 10000 → `10s`, 90000 → `90s`. */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

export interface IntegerBounds {
  min?: number;
  max?: number;
}

/** A whole number within bounds: `--jobs 0` and `--jobs 2.5` are usage errors that name the range. */
export function parseInteger(text: string, flag: string, { min = 1, max }: IntegerBounds = {}): number {
  const n = /^[+-]?\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (Number.isSafeInteger(n) && n >= min && (max === undefined || n <= max)) return n;
  const range = max === undefined ? `of at least ${min}` : `from ${min} to ${max}`;
  throw new UsageError(`${flag} ${text}: write a whole number ${range}`);
}

const sizeUnits: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** `10MiB`, `500k`, `1048576` → bytes. */
export function parseSize(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?$/i.exec(text.trim());
  if (!match) throw new UsageError(`${flag} ${text}: write a size such as 10MiB, 500k or 1048576`);
  return Math.floor(Number(match[1]) * sizeUnits[(match[2] ?? 'b').toLowerCase()[0]!]!);
}

/** Bytes as the size flags write them: 10485760 → `10MiB`. */
export function formatSize(bytes: number): string {
  for (const [unit, factor] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const)
    if (bytes >= factor && bytes % factor === 0) return `${bytes / factor}${unit}`;
  return String(bytes);
}

/** One of a fixed list (`-o`, `--fail-on`, `--engine`), said the same way everywhere. */
export function parseChoice<T extends string>(text: string, flag: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(text)) return text as T;
  throw new UsageError(`${flag} ${text}: choose one of ${allowed.join(', ')}`);
}

/**
 * `--to HOST[/PREFIX]`, checked before any work starts, by the same validator the library applies
 * (fix and mirror call it with their own error code, which the message keeps).
 */
export function parseRegistryPrefix(text: string, code: ErrorCode): string {
  parseDestination(text, code);
  return text;
}
