import {
  checkDefaults,
  checkExitCode,
  dedupeImages,
  defaultProbes,
  imagesFromText,
  runCheck,
} from '../../check/index.js';
import { RegistryClient } from '../../registry/client.js';
import { renderCheckTable } from '../../report/check-table.js';
import { checkEnvelope } from '../../report/envelope.js';
import { terminalText } from '../../report/escape.js';
import { renderHtmlOf } from '../../report/index.js';
import { version } from '../../version.js';
import { defineCommand } from '../command.js';
import { ruleFlags, rulesFromFlags } from '../common.js';
import { flag } from '../flags.js';
import { imagesFromFlags, registryFlags, registryHosts, registryOptionsFromFlags } from '../image-flags.js';
import { type Command, exitCodes } from '../io.js';

const inputReader = {
  parse: imagesFromText,
  code: 'CHECK_INPUT' as const,
  hint: 'Give --from a file written by `regshift scan -o json`, or a list of image references.',
};

const flags = {
  from: flag.text('FILE', "read images from FILE ('-' for stdin)"),
  registry: flag.list('HOST', 'registry to test connectivity to (repeatable; default: the targets)'),
  probe: flag.text(
    'IMAGE',
    `image to pull for the connectivity test (default: first target on that registry,\n${defaultProbes['registry.k8s.io']} for registry.k8s.io)`,
  ),
  'no-connectivity': flag.switch('only check images'),
  ...registryFlags,
  concurrency: flag.integer('N', 'images checked at once', { default: checkDefaults.concurrency }),
  ...ruleFlags,
  output: flag.output(['table', 'json', 'html'], 'table, json or html (one self-contained page)', 'table'),
};

export const checkCommand: Command = defineCommand({
  name: 'check',
  usage: ['regshift check [IMAGE...] [options]'],
  description: `Checks that the new registry is reachable (DNS, GET /v2/, a real pull path with every redirect hop) and
that each image exists at its new location with the same digest. A bare \`regshift check\` checks
connectivity to registry.k8s.io only.

Images come from arguments, --from FILE (the JSON of \`regshift scan -o json\` or \`cluster -o json\`,
or references one per line), or stdin (\`-\`, or a pipe).`,
  flags,
  more: `Environment:
  HTTPS_PROXY, HTTP_PROXY   proxy for https:// and http:// registries (HTTPS is tunnelled with CONNECT)
  NO_PROXY                  hosts (host, host:port, .domain) reached directly
  DOCKER_CONFIG, REGISTRY_AUTH_FILE
                            where credentials come from (also credHelpers and credsStore); they are
                            never printed

Verdicts: same-digest (safe to switch), missing, digest-differs, source-missing, error.
Exit codes: 0 all images same-digest and registries reachable, 1 otherwise, 2 usage or fatal error.
Examples:
  regshift check                                   # connectivity to registry.k8s.io
  regshift scan -o json | regshift check           # every image scan found
  regshift check k8s.gcr.io/pause:3.9 --timeout 30s
`,
  async run(values, positionals, io) {
    const registry = registryOptionsFromFlags(values, io);
    const registries = registryHosts(values.registry);
    const rules = await rulesFromFlags(values, io);
    const inputs = await imagesFromFlags(positionals, values.from, io, inputReader);

    const client = await RegistryClient.create(registry);
    try {
      const report = await runCheck(client, {
        images: dedupeImages(inputs),
        rules,
        registries,
        ...(values.probe ? { probe: values.probe } : {}),
        connectivity: !values['no-connectivity'],
        timeoutMs: registry.timeoutMs,
        concurrency: values.concurrency,
      });
      io.stdout.write(
        values.output === 'json'
          ? `${JSON.stringify(checkEnvelope(report, version), null, 2)}\n`
          : values.output === 'html'
            ? renderHtmlOf(report, 'check', { version })
            : terminalText(renderCheckTable(report)),
      );
      return checkExitCode(report) === 0 ? exitCodes.ok : exitCodes.findings;
    } finally {
      await client.close();
    }
  },
});
