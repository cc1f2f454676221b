import { parseArgs } from 'node:util';
import {
  checkExitCode,
  dedupeImages,
  imagesFromText,
  renderCheckTable,
  runCheck,
} from '../../check/index.js';
import { RegistryClient } from '../../registry/client.js';
import { checkEnvelope } from '../../report/envelope.js';
import { terminalText } from '../../report/escape.js';
import { renderHtmlOf } from '../../report/index.js';
import { defaultConfigFile } from '../../rules/index.js';
import { version } from '../../version.js';
import { ruleOptions, rulesFromFlags } from '../common.js';
import {
  imagesFromFlags,
  registryFlagOptions,
  registryHosts,
  registryOptionsFromFlags,
} from '../image-flags.js';
import { type Command, exitCodes, UsageError } from '../io.js';

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
  --timeout DURATION        deadline of each request, body included, e.g. 10s, 500ms, 1m (default 10s);
                            blob transfers instead must move 1 KiB/s in every such window
  --concurrency N           images checked at once (default 4)
  --ca-file FILE            extra CA certificates (PEM) to trust
  --insecure-registry HOST  allow plain HTTP to HOST (loopback always may) (repeatable)
  --rule FROM=TO            extra rule (repeatable)
  --pack NAME               turn on a rule pack (repeatable); \`regshift rules\` lists them
  --config FILE             rules file (default ${defaultConfigFile} if present)
  -o, --output FORMAT       table (default), json or html (one self-contained page)

Environment:
  HTTPS_PROXY, HTTP_PROXY   proxy for https:// and http:// registries (HTTPS is tunnelled with CONNECT)
  NO_PROXY                  hosts (host, host:port, .domain) reached directly
  DOCKER_CONFIG, REGISTRY_AUTH_FILE
                            where credentials come from (also credHelpers and credsStore); they are
                            never printed

Verdicts: same-digest (safe to switch), missing, digest-differs, source-missing, error.
Exit codes: 0 all images same-digest and registries reachable, 1 otherwise, 2 usage or fatal error.
`;

const inputReader = {
  parse: imagesFromText,
  code: 'CHECK_INPUT' as const,
  hint: 'Give --from a file written by `regshift scan -o json`, or a list of image references.',
};

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
        concurrency: { type: 'string', default: '4' },
        ...registryFlagOptions,
        ...ruleOptions,
        output: { type: 'string', short: 'o', default: 'table' },
      },
    });
    if (values.output !== 'table' && values.output !== 'json' && values.output !== 'html') {
      throw new UsageError(`-o ${values.output} is not supported by check; use table, json or html`);
    }
    const concurrency = Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new UsageError('--concurrency must be a whole number ≥ 1');
    const registry = registryOptionsFromFlags(values, io);
    const timeoutMs = registry.timeoutMs;
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
        connectivity: values['no-connectivity'] !== true,
        timeoutMs,
        concurrency,
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
};
