import {
  type MirrorProgress,
  mirrorDefaults,
  mirrorExitCode,
  mirrorImages,
  mirrorInputsFromText,
  parsePlatform,
} from '../../mirror/index.js';
import { mirrorEnvelope } from '../../report/envelope.js';
import { terminalText } from '../../report/escape.js';
import { renderHtmlOf } from '../../report/index.js';
import { formatBytes, renderMirrorTable } from '../../report/mirror-table.js';
import { version } from '../../version.js';
import { defineCommand } from '../command.js';
import { progressReporter, ruleFlags, ruleSetFromFlags } from '../common.js';
import { flag } from '../flags.js';
import { imagesFromFlags, registryFlags, registryOptionsFromFlags } from '../image-flags.js';
import { type Command, exitCodes, UsageError } from '../io.js';

const inputReader = {
  parse: mirrorInputsFromText,
  code: 'MIRROR_INPUT' as const,
  hint: 'Give --from a file written by `regshift scan -o json` (or cluster, check), or a list of references.',
};

const flags = {
  to: flag.registryPrefix(
    'HOST/PREFIX',
    'destination registry and path prefix (required)',
    'MIRROR_DESTINATION',
  ),
  from: flag.text('FILE', "read images from FILE ('-' for stdin)"),
  'from-old': flag.switch('read old-registry images from where they are written, not their new location'),
  repo: flag.list(
    'REPO',
    "copy every tag of REPO (HOST/PATH, no tag) (repeatable); without images or\n--repo, the config file's `repos:` list is used",
  ),
  tags: flag.text('REGEX', 'with --repo: only tags the regular expression matches as a whole'),
  semver: flag.text('RANGE', 'with --repo: only version tags in RANGE (">=1.28 <1.31", "^1.30", "1.30.x")'),
  latest: flag.integer('N', 'with --repo: only the N highest release versions (no pre-releases)'),
  'no-referrers': flag.switch('copy the images only, not their signatures and attestations'),
  'with-referrers': flag.switch('copy referrers too (the default)'),
  'referrer-type': flag.list(
    'TYPE',
    "only referrers of this artifact type (repeatable); cosign's .sig/.att/.sbom\ntags are then left out",
  ),
  platform: flag.list(
    'OS/ARCH[/V]',
    'copy only these platforms (repeatable); the index is rewritten, its digest changes',
  ),
  jobs: flag.integer('N', 'transfers at once', { short: 'j', default: mirrorDefaults.jobs }),
  'dry-run': flag.switch('read the source and HEAD the destination; write nothing'),
  ...registryFlags,
  ...ruleFlags,
  output: flag.output(['table', 'json', 'html'], 'table, json or html (one self-contained page)', 'table'),
};

export const mirrorCommand: Command = defineCommand({
  name: 'mirror',
  usage: [
    'regshift mirror --to HOST/PREFIX [IMAGE...] [options]',
    'regshift mirror --to HOST/PREFIX --repo REPO [--tags REGEX] [--semver RANGE] [--latest N] [options]',
  ],
  description: `Copies images into a registry you control, digest-exact: manifests and indexes byte for byte, all
platforms, every blob verified against its digest while it streams. Each image goes to
HOST/PREFIX/<its repository path>:<its tag> (k8s.gcr.io/pause:3.9 -> HOST/PREFIX/pause:3.9).

Images come from arguments, --from FILE (the JSON of \`regshift scan\`, \`cluster\` or \`check -o json\`,
or references one per line), or stdin (\`-\`). An image a rule moves (k8s.gcr.io -> registry.k8s.io)
is read from its new location, unless --from-old. Re-running copies only what is missing.

With --repo, every tag of the repository that the filters keep is copied (filters combine).

Each copied manifest's referrers (cosign signatures, attestations, SBOMs) are copied too, however the
source stores them: the OCI 1.1 referrers API, the referrers tag schema (sha256-<hex>), or cosign's
sha256-<hex>.sig/.att/.sbom tags. A destination without the referrers API gets the tag-schema index,
so \`cosign verify\` against the mirror works.`,
  flags,
  more: `Credentials come from docker/podman config files and credential helpers, for both ends.
Exit codes: 0 every image copied or already there, 1 some failed (each with its reason), 2 usage error.
Examples:
  regshift mirror --to registry.example.com/k8s k8s.gcr.io/pause:3.9
  regshift scan -o json | regshift mirror --to registry.example.com/k8s -
  regshift mirror --to registry.example.com/k8s --repo registry.k8s.io/pause --latest 3
`,
  async run(values, positionals, io) {
    const to = values.to;
    if (!to) throw new UsageError('mirror needs --to HOST/PREFIX, the registry to copy into');
    const platforms = values.platform.map(parsePlatform);
    const ruleSet = await ruleSetFromFlags(values, io);
    const rules = ruleSet.rules;

    // The config's `repos:` stand in only when the command line names no image and no --repo.
    const namesImages = positionals.length > 0 || values.from !== undefined;
    const repos = values.repo.length > 0 || namesImages ? values.repo : ruleSet.repos;
    if (
      repos.length === 0 &&
      (values.tags !== undefined || values.semver !== undefined || values.latest !== undefined)
    )
      throw new UsageError('--tags, --semver and --latest filter the tags of --repo REPO; name a repository');
    if (values['with-referrers'] && values['no-referrers'])
      throw new UsageError('--with-referrers and --no-referrers contradict each other; give one');
    const latest = values.latest;
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
      ...(values['referrer-type'].length > 0 ? { referrerTypes: values['referrer-type'] } : {}),
      to,
      rules,
      jobs: values.jobs,
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
});
