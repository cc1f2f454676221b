import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ImageInput } from '../check/inputs.js';
import { RegshiftError } from '../errors.js';
import { registryDefaults } from '../registry/options.js';
import { type CliIO, UsageError } from './io.js';

/** Flags of the commands that talk to registries (check, mirror), for parseArgs. */
export const registryFlagOptions = {
  timeout: { type: 'string', default: `${registryDefaults.timeoutMs}ms` },
  'ca-file': { type: 'string' },
  'insecure-registry': { type: 'string', multiple: true },
} as const;

/** `10s`, `500ms`, `1m`, or plain seconds, as milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!match) throw new UsageError(`--timeout "${text}" is not a duration such as 10s, 500ms or 1m`);
  const value = Number(match[1]);
  const ms = match[2] === 'ms' ? value : match[2] === 'm' ? value * 60_000 : value * 1000;
  if (ms <= 0) throw new UsageError('--timeout must be more than zero');
  return ms;
}

/** Registry client options from the registry flags, one to one (the timeout as given). */
export function registryOptionsFromFlags(
  values: { timeout: string; 'ca-file'?: string; 'insecure-registry'?: string[] },
  io: CliIO,
) {
  return {
    env: io.env,
    timeoutMs: parseDuration(values.timeout),
    insecureRegistries: values['insecure-registry'] ?? [],
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
  code: string;
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

/** Images from the arguments, then `--from FILE`, then stdin when an argument is `-`. */
export async function imagesFromFlags(
  positionals: string[],
  from: string | undefined,
  io: CliIO,
  reader: InputReader,
): Promise<ImageInput[]> {
  const inputs: ImageInput[] = positionals.filter((p) => p !== '-').map((image) => ({ image }));
  if (from !== undefined) inputs.push(...(await readInput(from, io, reader)));
  if (positionals.includes('-')) inputs.push(...(await readInput('-', io, reader)));
  return inputs;
}
