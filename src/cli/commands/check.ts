import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  checkExitCode,
  dedupeImages,
  type ImageInput,
  imagesFromText,
  renderCheckTable,
  runCheck,
} from '../../check/index.js';
import { RegshiftError } from '../../errors.js';
import { RegistryClient } from '../../registry/client.js';
import { registryDefaults } from '../../registry/options.js';
import { defaultConfigFile, loadConfig, parseRuleFlag, resolveRules } from '../../rules/index.js';
import { type CliIO, type Command, exitCodes, UsageError } from '../io.js';

const usage = `Usage: regshift check [IMAGE...] [options]

Checks that the new registry is reachable (DNS, GET /v2/, a real pull path with every redirect hop) and
that each image exists at its new location with the same digest. A bare \`regshift check\` checks
connectivity to registry.k8s.io only.

Images come from arguments, --from FILE (the JSON of \`regshift scan -o json\` or \`cluster -o json\`,
or references one per line), or stdin (\`-\`, or a pipe).

Options:
  --from FILE               read images from FILE ('-' for stdin)
  --registry HOST           registry to test connectivity to (repeatable; default: the targets)
  --probe IMAGE             image to pull for the connectivity test (default: first target on that registry,
                            registry.k8s.io/pause:3.10 for registry.k8s.io)
  --no-connectivity         only check images
  --timeout DURATION        per stage and per request, e.g. 10s, 500ms, 1m (default 10s)
  --concurrency N           images checked at once (default 4)
  --ca-file FILE            extra CA certificates (PEM) to trust
  --insecure-registry HOST  allow plain HTTP to HOST (loopback always may) (repeatable)
  --rule FROM=TO            extra rule (repeatable)
  --config FILE             rules file (default ${defaultConfigFile} if present)
  -o, --output FORMAT       table (default) or json

Environment:
  HTTPS_PROXY, HTTP_PROXY   proxy for https:// and http:// registries (HTTPS is tunnelled with CONNECT)
  NO_PROXY                  hosts (host, host:port, .domain) reached directly
  DOCKER_CONFIG, REGISTRY_AUTH_FILE
                            where credentials come from (also credHelpers and credsStore); they are
                            never printed

Verdicts: same-digest (safe to switch), missing, digest-differs, source-missing, error.
Exit codes: 0 all images same-digest and registries reachable, 1 otherwise, 2 usage or fatal error.
`;

/** `10s`, `500ms`, `1m`, or plain seconds, as milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!match) throw new UsageError(`--timeout "${text}" is not a duration such as 10s, 500ms or 1m`);
  const value = Number(match[1]);
  const ms = match[2] === 'ms' ? value : match[2] === 'm' ? value * 60_000 : value * 1000;
  if (ms <= 0) throw new UsageError('--timeout must be more than zero');
  return ms;
}

/**
 * The transport's timeouts end a little before a stage's deadline, so a stall is named by its stage (TCP,
 * TLS, HTTP) rather than cut short unnamed. undici's timers above 1 s fire up to 0.5 s late: room for that too.
 */
export function transportTimeout(stageMs: number): number {
  const early = Math.floor(stageMs * 0.8);
  return early <= 1000 ? Math.max(1, early) : Math.max(1000, early - 500);
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function readInput(file: string, io: CliIO): Promise<ImageInput[]> {
  if (file === '-') return imagesFromText(await readStream(io.stdin), 'stdin');
  try {
    return imagesFromText(await readFile(resolve(io.cwd, file), 'utf8'), file);
  } catch (error) {
    if (error instanceof RegshiftError) throw error;
    throw new RegshiftError('CHECK_INPUT', `cannot read ${file}: ${(error as Error).message}`, {
      hint: 'Give --from a file written by `regshift scan -o json`, or a list of image references.',
    });
  }
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'connectivity to the new registry, existence and digest equality of images there',
  usage,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        from: { type: 'string' },
        registry: { type: 'string', multiple: true },
        probe: { type: 'string' },
        'no-connectivity': { type: 'boolean' },
        timeout: { type: 'string', default: `${registryDefaults.timeoutMs}ms` },
        concurrency: { type: 'string', default: '4' },
        'ca-file': { type: 'string' },
        'insecure-registry': { type: 'string', multiple: true },
        rule: { type: 'string', multiple: true },
        config: { type: 'string' },
        output: { type: 'string', short: 'o', default: 'table' },
      },
    });
    if (values.output !== 'table' && values.output !== 'json') {
      throw new UsageError(`-o ${values.output} is not supported by check; use table or json`);
    }
    const concurrency = Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new UsageError('--concurrency must be a whole number ≥ 1');
    const timeoutMs = parseDuration(values.timeout);
    const config = await loadConfig(resolve(io.cwd, values.config ?? defaultConfigFile), {
      required: values.config !== undefined,
    });
    const rules = resolveRules(config, (values.rule ?? []).map(parseRuleFlag));

    const inputs: ImageInput[] = positionals.filter((p) => p !== '-').map((image) => ({ image }));
    if (values.from !== undefined) inputs.push(...(await readInput(values.from, io)));
    if (positionals.includes('-')) inputs.push(...(await readInput('-', io)));

    const client = await RegistryClient.create({
      env: io.env,
      timeoutMs: transportTimeout(timeoutMs),
      insecureRegistries: values['insecure-registry'] ?? [],
      ...(values['ca-file'] ? { caFile: resolve(io.cwd, values['ca-file']) } : {}),
    });
    try {
      const report = await runCheck(client, {
        images: dedupeImages(inputs),
        rules,
        registries: values.registry ?? [],
        ...(values.probe ? { probe: values.probe } : {}),
        connectivity: values['no-connectivity'] !== true,
        timeoutMs,
        concurrency,
      });
      io.stdout.write(
        values.output === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderCheckTable(report),
      );
      return checkExitCode(report) === 0 ? exitCodes.ok : exitCodes.findings;
    } finally {
      await client.close();
    }
  },
};
