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
import { progressReporter, ruleOptions, ruleSetFromFlags } from '../common.js';
import { imagesFromFlags, registryFlagOptions, registryOptionsFromFlags } from '../image-flags.js';
import { type Command, exitCodes, UsageError } from '../io.js';

const usage = `Usage: regshift mirror --to HOST/PREFIX [IMAGE...] [options]
       regshift mirror --to HOST/PREFIX --repo REPO [--tags REGEX] [--semver RANGE] [--latest N] [options]

Copies images into a registry you control, digest-exact: manifests and indexes byte for byte, all
platforms, every blob verified against its digest while it streams. Each image goes to
HOST/PREFIX/<its repository path>:<its tag> (k8s.gcr.io/pause:3.9 -> HOST/PREFIX/pause:3.9).

Images come from arguments, --from FILE (the JSON of \`regshift scan\`, \`cluster\` or \`check -o json\`,
or references one per line), or stdin (\`-\`). An image a rule moves (k8s.gcr.io -> registry.k8s.io)
is read from its new location, unless --from-old. Re-running copies only what is missing.

With --repo, every tag of the repository that the filters keep is copied (filters combine).

Each copied manifest's referrers (cosign signatures, attestations, SBOMs) are copied too, however the
source stores them: the OCI 1.1 referrers API, the referrers tag schema (sha256-<hex>), or cosign's
sha256-<hex>.sig/.att/.sbom tags. A destination without the referrers API gets the tag-schema index,
so \`cosign verify\` against the mirror works.

Options:
  --to HOST/PREFIX          destination registry and path prefix (required)
  --from FILE               read images from FILE ('-' for stdin)
  --from-old                read old-registry images from where they are written, not their new location
  --repo REPO               copy every tag of REPO (HOST/PATH, no tag) (repeatable); without images or
                            --repo, the config file's \`repos:\` list is used
  --tags REGEX              with --repo: only tags the regular expression matches as a whole
  --semver RANGE            with --repo: only version tags in RANGE (">=1.28 <1.31", "^1.30", "1.30.x")
  --latest N                with --repo: only the N highest release versions (no pre-releases)
  --no-referrers            copy the images only, not their signatures and attestations
  --with-referrers          copy referrers too (the default)
  --referrer-type TYPE      only referrers of this artifact type (repeatable); cosign's .sig/.att/.sbom
                            tags are then left out
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
  code: 'MIRROR_INPUT' as const,
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
        repo: { type: 'string', multiple: true },
        tags: { type: 'string' },
        semver: { type: 'string' },
        latest: { type: 'string' },
        'with-referrers': { type: 'boolean' },
        'no-referrers': { type: 'boolean' },
        'referrer-type': { type: 'string', multiple: true },
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
    const ruleSet = await ruleSetFromFlags(values, io);
    const rules = ruleSet.rules;

    // The config's `repos:` stand in only when the command line names no image and no --repo.
    const namesImages = positionals.length > 0 || values.from !== undefined;
    const repos = values.repo ?? (namesImages ? [] : ruleSet.repos);
    if (
      repos.length === 0 &&
      (values.tags !== undefined || values.semver !== undefined || values.latest !== undefined)
    )
      throw new UsageError('--tags, --semver and --latest filter the tags of --repo REPO; name a repository');
    if (values['with-referrers'] && values['no-referrers'])
      throw new UsageError('--with-referrers and --no-referrers contradict each other; give one');
    const latest = values.latest === undefined ? undefined : Number(values.latest);
    if (latest !== undefined && (!Number.isInteger(latest) || latest < 1))
      throw new UsageError('--latest must be a whole number ≥ 1');
    const inputs =
      repos.length > 0 && positionals.length === 0 && values.from === undefined
        ? []
        : await imagesFromFlags(positionals, values.from, io, inputReader);
    if (inputs.length === 0 && repos.length === 0)
      throw new UsageError('no images to mirror: name them, use --from FILE or -, or --repo REPO');

    const progress = progressReporter(io, 'mirror');
    const started = Date.now();
    const report = await mirrorImages({
      images: inputs,
      ...(repos.length > 0
        ? {
            repos,
            tagFilter: {
              ...(values.tags !== undefined ? { tags: values.tags } : {}),
              ...(values.semver !== undefined ? { semver: values.semver } : {}),
              ...(latest !== undefined ? { latest } : {}),
            },
          }
        : {}),
      ...(values['no-referrers'] ? { withReferrers: false } : {}),
      ...(values['referrer-type'] ? { referrerTypes: values['referrer-type'] } : {}),
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
