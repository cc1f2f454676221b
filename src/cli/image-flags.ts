import { fstatSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type ErrorCode, RegshiftError } from '../errors.js';
import type { ImageInput } from '../inputs/images.js';
import { looksLikeDomain, tryParseReference } from '../reference/parse.js';
import { registryDefaults } from '../registry/options.js';
import { flag, type Values } from './flags.js';
import { type CliIO, UsageError } from './io.js';

/** Flags of the commands that talk to registries (check, mirror). */
export const registryFlags = {
  timeout: flag.duration(
    'deadline of each request, body included, e.g. 10s, 500ms, 1m (default {default});\nblob transfers instead must move 1 KiB/s in every such window',
    { default: registryDefaults.timeoutMs },
  ),
  'ca-file': flag.text('FILE', 'extra CA certificates (PEM) to trust'),
  'insecure-registry': flag.list('HOST', 'allow plain HTTP to HOST (loopback always may) (repeatable)'),
};

/** Registry client options from the registry flags, one to one. */
export function registryOptionsFromFlags(values: Values<typeof registryFlags>, io: CliIO) {
  return {
    env: io.env,
    timeoutMs: values.timeout,
    insecureRegistries: values['insecure-registry'],
    ...(values['ca-file'] ? { caFile: resolve(io.cwd, values['ca-file']) } : {}),
  };
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export interface InputReader {
  /** Turns a file's text (scan/cluster/check JSON, or a list) into images. */
  parse(text: string, source: string): ImageInput[];
  /** Error code when a --from file can't be read. */
  code: ErrorCode;
  hint: string;
}

async function readInput(file: string, io: CliIO, reader: InputReader): Promise<ImageInput[]> {
  if (file === '-') return reader.parse(await readStream(io.stdin), 'stdin');
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    throw new RegshiftError(reader.code, `cannot read ${file}: ${(error as Error).message}`, {
      hint: reader.hint,
    });
  }
  return reader.parse(text, file);
}

/**
 * True when the process's stdin is a pipe or a redirected file (`scan -o json | regshift check`): read it
 * then, even without `-`. Never a terminal, /dev/null, a socket or an injected stream (which may never end).
 */
function stdinIsPiped(io: CliIO): boolean {
  if (io.stdin !== process.stdin) return false;
  try {
    const stats = fstatSync(0);
    return stats.isFIFO() || stats.isFile();
  } catch {
    return false;
  }
}

/** Each argument must be an image reference: `check 'not a ref!!'` is a usage error, not "no rule moves". */
function imageArguments(positionals: readonly string[]): ImageInput[] {
  return positionals
    .filter((p) => p !== '-')
    .map((image) => {
      const parsed = tryParseReference(image);
      if (!parsed.ok) throw new UsageError(`invalid reference: ${parsed.message}`);
      return { image };
    });
}

/** Images from the arguments, then `--from FILE`, then stdin when an argument is `-` or stdin is a pipe. */
export async function imagesFromFlags(
  positionals: string[],
  from: string | undefined,
  io: CliIO,
  reader: InputReader,
): Promise<ImageInput[]> {
  const inputs = imageArguments(positionals);
  if (from !== undefined) for (const input of await readInput(from, io, reader)) inputs.push(input);
  const piped = positionals.length === 0 && from === undefined && stdinIsPiped(io);
  if (positionals.includes('-') || piped)
    for (const input of await readInput('-', io, reader)) inputs.push(input);
  return inputs;
}

/**
 * `--registry` as a host: `https://host/` is taken as `host`; `http://` is refused (plain HTTP is chosen
 * with --insecure-registry), as is anything that is not a registry host.
 */
export function registryHosts(values: readonly string[]): string[] {
  return values.map((given) => {
    const host = given.replace(/^https:\/\//i, '').replace(/\/+$/, '');
    if (/^http:\/\//i.test(host))
      throw new UsageError(
        `--registry ${given}: give the host only; for plain HTTP add --insecure-registry HOST`,
      );
    const parsed = tryParseReference(`${host}/x`);
    if (host.includes('/') || !looksLikeDomain(host) || !parsed.ok || parsed.reference.domain !== host)
      throw new UsageError(
        `--registry ${given} is not a registry host such as registry.k8s.io or localhost:5000`,
      );
    return host;
  });
}
