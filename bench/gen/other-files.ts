// The rest of one app: Dockerfile, compose, Terraform, containerd config, scripts, docs, source, JSON.
import type { FileTemplate } from './app.js';
import { identifier, paragraph, repeat, words } from './text.js';

export const dockerfile: FileTemplate = ({ rng, app, im }) => {
  const builder = im.img();
  return (
    `# syntax=docker/dockerfile:1\nARG BASE_IMAGE=${im.img().full}\n` +
    `FROM ${builder.full} AS build\nWORKDIR /src\nCOPY . .\n` +
    `RUN --mount=type=cache,target=/root/.cache make build APP=${app}\n` +
    repeat(rng.int(1, 6), () => `RUN echo "${words(rng, 6)}" > /dev/null\n`) +
    `FROM \${BASE_IMAGE}\nCOPY --from=build /src/bin/${app} /usr/local/bin/${app}\n` +
    `USER 65532:65532\nENTRYPOINT ["/usr/local/bin/${app}"]\n`
  );
};

export const compose: FileTemplate = ({ rng, app, im }) =>
  `services:\n  ${app}:\n    build: .\n    image: ${im.img().full}\n    ports:\n      - "${rng.int(3000, 9000)}:8080"\n` +
  `    depends_on: [cache]\n  cache:\n    image: ${im.img().full}\n    restart: unless-stopped\n`;

export const terraform: FileTemplate = ({ rng, app, domain, im }) =>
  `terraform {\n  required_providers {\n    kubernetes = { source = "hashicorp/kubernetes", version = "~> 2.23" }\n  }\n}\n\n` +
  `variable "replicas" {\n  type    = number\n  default = ${rng.int(1, 5)}\n}\n\n` +
  `resource "kubernetes_deployment" "${app.replace(/-/g, '_')}" {\n  metadata {\n    name      = "${app}"\n` +
  `    namespace = "${domain}"\n  }\n  spec {\n    replicas = var.replicas\n    template {\n      spec {\n` +
  `        container {\n          name  = "${app}"\n          image = "${im.img().full}"\n        }\n      }\n    }\n  }\n}\n`;

export const containerdToml: FileTemplate = ({ rng, im }) => {
  const mirrorSection = rng.chance(0.5)
    ? `\n[plugins."io.containerd.grpc.v1.cri".registry.mirrors."${im.mention()}"]\n  endpoint = ["https://registry.k8s.io"]\n`
    : '';
  const pause = im.img();
  const sandbox = pause.legacy ? pause.full : 'registry.k8s.io/pause:3.9';
  return (
    `version = 2\n\n[plugins."io.containerd.grpc.v1.cri"]\n  sandbox_image = "${sandbox}"\n` +
    `  [plugins."io.containerd.grpc.v1.cri".containerd]\n    snapshotter = "overlayfs"\n${mirrorSection}`
  );
};

export const deployScript: FileTemplate = ({ rng, app, domain, im }) =>
  `#!/usr/bin/env bash\nset -euo pipefail\n\nIMAGE="\${IMAGE:-${im.img().full}}"\n` +
  `NAMESPACE="${domain}"\n\n` +
  repeat(rng.int(2, 8), () => `# ${words(rng, 10)}\n`) +
  `kubectl -n "$NAMESPACE" set image deployment/${app} ${app}="$IMAGE"\n` +
  `kubectl -n "$NAMESPACE" rollout status deployment/${app} --timeout=${rng.int(60, 600)}s\n`;

export const readme: FileTemplate = ({ rng, app, im }) =>
  `# ${app}\n\n${paragraph(rng)}\n\n## Running locally\n\n\`\`\`sh\ndocker run --rm -p 8080:8080 ${im.img().full}\n\`\`\`\n\n` +
  repeat(rng.int(1, 5), () => `${paragraph(rng)}\n\n`) +
  (rng.chance(0.04)
    ? `Note: ${im.mention()} was frozen in 2023; images now come from registry.k8s.io.\n`
    : '');

export const runbook: FileTemplate = ({ rng, app, im }) =>
  `# Runbook: ${app}\n\n` +
  repeat(rng.int(3, 10), (i) => `## Step ${i + 1}\n\n${paragraph(rng)}\n\n`) +
  (rng.chance(0.05) ? `Pull through our cache: \`${im.decoy()}\`.\n` : '') +
  (rng.chance(0.05) ? `If pods fail with ImagePullBackOff, check egress to ${im.mention()}.\n` : '');

export const goSource: FileTemplate = ({ rng, app, im }) =>
  `package main\n\nimport (\n\t"context"\n\t"fmt"\n\t"net/http"\n)\n\n` +
  `// defaultSidecar is injected when the pod spec names none.\nconst defaultSidecar = "${im.img().full}"\n\n` +
  repeat(
    rng.int(3, 15),
    () =>
      `// ${words(rng, 12)}\nfunc ${identifier(rng)}${rng.hex(4)}(ctx context.Context, w http.ResponseWriter) error {\n` +
      `\tif err := ctx.Err(); err != nil {\n\t\treturn fmt.Errorf("${app}: %w", err)\n\t}\n` +
      `\t_, err := fmt.Fprintf(w, "${words(rng, 5)} %d", ${rng.int(1, 1000)})\n\treturn err\n}\n\n`,
  );

export const tsSource: FileTemplate = ({ rng, app, im }) =>
  `import { createServer } from 'node:http';\n\nexport const sidecarImage = '${im.img().full}';\n\n` +
  repeat(
    rng.int(3, 15),
    () =>
      `/** ${words(rng, 12)} */\nexport async function ${identifier(rng)}${rng.hex(4)}(id: string): Promise<string> {\n` +
      `  const res = await fetch(\`http://${app}/api/\${id}\`);\n  if (!res.ok) throw new Error('${words(rng, 4)}');\n` +
      `  return res.text();\n}\n\n`,
  ) +
  `createServer((_, res) => res.end('ok')).listen(${rng.int(3000, 9000)});\n`;

export const packageJson: FileTemplate = ({ rng, app }) =>
  `${JSON.stringify(
    {
      name: `@acme/${app}`,
      version: `1.${rng.int(0, 40)}.0`,
      private: true,
      scripts: { build: 'tsc', test: 'vitest run' },
      dependencies: { express: '^4.18.2', zod: '^3.22.4' },
    },
    null,
    2,
  )}\n`;

export const goMod: FileTemplate = ({ app }) =>
  `module github.com/acme/monorepo/${app}\n\ngo 1.21\n\nrequire k8s.io/client-go v0.28.4\n`;

export const configJson: FileTemplate = ({ rng, app, im }) =>
  `${JSON.stringify(
    {
      service: app,
      logLevel: rng.pick(['info', 'debug', 'warn']),
      jobs: [{ name: 'migrate', image: im.img().full, timeoutSeconds: rng.int(30, 600) }],
      features: Object.fromEntries(
        Array.from({ length: rng.int(2, 10) }, (_, i) => [`flag${i}`, rng.chance(0.5)]),
      ),
    },
    null,
    2,
  )}\n`;
