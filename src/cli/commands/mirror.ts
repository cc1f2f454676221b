import { parseArgs } from 'node:util';
import {
  formatBytes,
  type MirrorProgress,
  mirrorDefaults,
  mirrorExitCode,
  mirrorImages,
  mirrorInputsFromText,
  parsePlatform,
  renderMirrorTable,
} from '../../mirror/index.js';
import { mirrorEnvelope } from '../../report/envelope.js';
import { terminalText } from '../../report/escape.js';
import { renderHtmlOf } from '../../report/index.js';
import { version } from '../../version.js';
import { progressReporter, ruleOptions, rulesFromFlags } from '../common.js';
import { imagesFromFlags, registryFlagOptions, registryOptionsFromFlags } from '../image-flags.js';
import { type Command, exitCodes, UsageError } from '../io.js';

const usage = `Usage: regshift mirror --to HOST/PREFIX [IMAGE...] [options]

Copies images into a registry you control, digest-exact: manifests and indexes byte for byte, all
platforms, every blob verified against its digest while it streams. Each image goes to
HOST/PREFIX/<its repository path>:<its tag> (k8s.gcr.io/pause:3.9 -> HOST/PREFIX/pause:3.9).

Images come from arguments, --from FILE (the JSON of \`regshift scan\`, \`cluster\` or \`check -o json\`,
or references one per line), or stdin (\`-\`). An image a rule moves (k8s.gcr.io -> registry.k8s.io)
is read from its new location, unless --from-old. Re-running copies only what is missing.

Options:
  --to HOST/PREFIX          destination registry and path prefix (required)
  --from FILE               read images from FILE ('-' for stdin)
  --from-old                read old-registry images from where they are written, not their new location
  --platform OS/ARCH[/V]    copy only these platforms (repeatable); the index is rewritten, its digest changes
  -j, --jobs N              transfers at once (default ${mirrorDefaults.jobs})
  --dry-run                 read the source and HEAD the destination; write nothing
  --timeout DURATION        deadline of each request, body included, e.g. 10s, 500ms, 1m (default 10s);
                            blob transfers instead must move 1 KiB/s in every such window
  --ca-file FILE            extra CA certificates (PEM) to trust
  --insecure-registry HOST  allow plain HTTP to HOST (loopback always may) (repeatable)
  --rule FROM=TO            extra rule (repeatable)
  --pack NAME               turn on a rule pack (repeatable); \`regshift rules\` lists them
  --config FILE             rules file (default regshift.yaml if present)
  -o, --output FORMAT       table (default), json or html (one self-contained page)

Credentials come from docker/podman config files and credential helpers, for both ends.
Exit codes: 0 every image copied or already there, 1 some failed (each with its reason), 2 usage error.
`;

const inputReader = {
  parse: mirrorInputsFromText,
  code: 'MIRROR_INPUT',
  hint: 'Give --from a file written by `regshift scan -o json` (or cluster, check), or a list of references.',
};

export const mirrorCommand: Command = {
  name: 'mirror',
  summary: 'copy images into a private registry, digest-exact, all platforms',
  usage,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        to: { type: 'string' },
        from: { type: 'string' },
        'from-old': { type: 'boolean' },
        platform: { type: 'string', multiple: true },
        jobs: { type: 'string', short: 'j', default: String(mirrorDefaults.jobs) },
        'dry-run': { type: 'boolean' },
        ...registryFlagOptions,
        output: { type: 'string', short: 'o', default: 'table' },
        ...ruleOptions,
      },
    });
    if (!values.to) throw new UsageError('mirror needs --to HOST/PREFIX, the registry to copy into');
    if (values.output !== 'table' && values.output !== 'json' && values.output !== 'html')
      throw new UsageError(`-o ${values.output} is not supported by mirror; use table, json or html`);
    const jobs = Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError('--jobs must be a whole number ≥ 1');
    const platforms = (values.platform ?? []).map(parsePlatform);
    const rules = await rulesFromFlags(values, io);

    const inputs = await imagesFromFlags(positionals, values.from, io, inputReader);
    if (inputs.length === 0) throw new UsageError('no images to mirror: name them, or use --from FILE or -');

    const progress = progressReporter(io, 'mirror');
    const started = Date.now();
    const report = await mirrorImages({
      images: inputs,
      to: values.to,
      rules,
      jobs,
      ...(values['from-old'] ? { fromOld: true } : {}),
      ...(platforms.length > 0 ? { platforms } : {}),
      ...(values['dry-run'] ? { dryRun: true } : {}),
      registry: registryOptionsFromFlags(values, io),
      // Only a terminal shows progress; elsewhere the callback would only cost time per chunk.
      ...(io.stderr.isTTY
        ? {
            onProgress: (p: MirrorProgress) => {
              const seconds = Math.max(0.001, (Date.now() - started) / 1000);
              progress.update(
                `${p.imagesDone}/${p.imagesTotal} images, ${formatBytes(p.bytes)}, ${formatBytes(p.bytes / seconds)}/s`,
              );
            },
          }
        : {}),
    });
    progress.done();
    for (const warning of report.warnings) io.stderr.write(`warning: ${warning}\n`);
    io.stdout.write(
      values.output === 'json'
        ? `${JSON.stringify(mirrorEnvelope(report, version), null, 2)}\n`
        : values.output === 'html'
          ? renderHtmlOf(report.results, 'mirror', { version })
          : terminalText(renderMirrorTable(report)),
    );
    return mirrorExitCode(report) === 0 ? exitCodes.ok : exitCodes.findings;
  },
};
