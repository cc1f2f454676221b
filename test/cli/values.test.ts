// The one parser per kind of flag value: what each accepts, what it refuses, and how it says so.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/io.js';
import {
  formatDuration,
  formatSize,
  parseChoice,
  parseDuration,
  parseInteger,
  parseRegistryPrefix,
  parseSize,
} from '../../src/cli/values.js';

describe('parseDuration', () => {
  it.each([
    ['10s', 10_000],
    ['500ms', 500],
    ['1m', 60_000],
    ['1.5s', 1500],
    ['2h', 7_200_000],
    ['10', 10_000],
    [' 30 ', 30_000],
  ])('%s is %d ms (a plain number is seconds, as cluster and patch took before)', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['soon', '10 s', '-1s', '1d', '', 's', '0', '0s', '0.0001ms'])('refuses %j', (text) => {
    expect(() => parseDuration(text, '--timeout')).toThrow(UsageError);
    expect(() => parseDuration(text, '--timeout')).toThrow(/^--timeout /);
  });

  it('formats defaults so that they read back to the same value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 * 3_600_000 }), (ms) => {
        expect(parseDuration(formatDuration(ms))).toBe(ms);
      }),
    );
    expect(formatDuration(10_000)).toBe('10s');
    expect(formatDuration(60_000)).toBe('1m');
    expect(formatDuration(90_000)).toBe('90s');
  });
});

describe('parseInteger', () => {
  it('accepts whole numbers within the bounds, 1 and up by default', () => {
    expect(parseInteger('8', '--jobs')).toBe(8);
    expect(parseInteger('64', '--threads', { min: 1, max: 64 })).toBe(64);
    expect(parseInteger('0', '--retries', { min: 0 })).toBe(0);
  });

  it.each([
    ['0', {}, '--jobs 0: write a whole number of at least 1'],
    ['2.5', {}, '--jobs 2.5: write a whole number of at least 1'],
    ['1e3', {}, '--jobs 1e3: write a whole number of at least 1'],
    ['', {}, '--jobs : write a whole number of at least 1'],
    ['ten', {}, '--jobs ten: write a whole number of at least 1'],
    ['0x10', {}, '--jobs 0x10: write a whole number of at least 1'],
    ['65', { max: 64 }, '--jobs 65: write a whole number from 1 to 64'],
    ['99999999999999999999', {}, '--jobs 99999999999999999999: write a whole number of at least 1'],
  ])('refuses %j %o, naming the range', (text, bounds, message) => {
    expect(() => parseInteger(text, '--jobs', bounds)).toThrow(new UsageError(message));
  });
});

describe('parseSize', () => {
  it.each([
    ['10MiB', 10 * 1024 ** 2],
    ['500k', 500 * 1024],
    ['1048576', 1048576],
    ['1.5g', 1.5 * 1024 ** 3],
    ['2 KB', 2048],
  ])('%s is %d bytes', (text, bytes) => expect(parseSize(text, '--max-file-size')).toBe(bytes));

  it('refuses what is not a size', () => {
    expect(() => parseSize('big', '--max-file-size')).toThrow(
      new UsageError('--max-file-size big: write a size such as 10MiB, 500k or 1048576'),
    );
  });

  it('formats defaults so that they read back to the same value', () => {
    for (const bytes of [10 * 1024 ** 2, 1024, 3 * 1024 ** 3, 1000, 1536])
      expect(parseSize(formatSize(bytes), '--x')).toBe(bytes);
    expect(formatSize(10 * 1024 ** 2)).toBe('10MiB');
  });
});

describe('parseChoice', () => {
  it('accepts a listed value and names every choice otherwise', () => {
    expect(parseChoice('json', '-o', ['table', 'json'])).toBe('json');
    expect(() => parseChoice('JSON', '-o', ['table', 'json'])).toThrow(
      new UsageError('-o JSON: choose one of table, json'),
    );
  });
});

describe('parseRegistryPrefix', () => {
  it('accepts HOST[/PREFIX] and refuses what the library refuses, with the caller’s code', () => {
    expect(parseRegistryPrefix('registry.example.com/mirror', 'FIX_TARGET_INVALID')).toBe(
      'registry.example.com/mirror',
    );
    expect(parseRegistryPrefix('localhost:5000', 'MIRROR_DESTINATION')).toBe('localhost:5000');
    expect(() => parseRegistryPrefix('ex', 'MIRROR_DESTINATION')).toThrow(
      expect.objectContaining({ code: 'MIRROR_DESTINATION', message: '--to ex is not HOST/PREFIX' }),
    );
    expect(() => parseRegistryPrefix('', 'FIX_TARGET_INVALID')).toThrow(
      expect.objectContaining({ code: 'FIX_TARGET_INVALID' }),
    );
  });
});
