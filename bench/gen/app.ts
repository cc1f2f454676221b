// One app of the monorepo: which files it has (about ten on average) and which carry legacy references.
import type { Random } from '../lib/prng.js';
import { FileImages, type Planted } from './images.js';
import * as k8s from './k8s-files.js';
import * as other from './other-files.js';

export interface TemplateContext {
  rng: Random;
  app: string;
  domain: string;
  im: FileImages;
}

export type FileTemplate = (context: TemplateContext) => string;

/** [path inside the app, template, probability the app has it]. Expected count: about 10 files. */
const layout: readonly (readonly [string, FileTemplate, number])[] = [
  ['deploy/deployment.yaml', k8s.deployment, 1],
  ['deploy/cronjob.yaml', k8s.cronjob, 0.3],
  ['deploy/kustomization.yaml', k8s.kustomization, 0.5],
  ['chart/Chart.yaml', k8s.chartYaml, 0.4],
  ['chart/values.yaml', k8s.valuesYaml, 0.4],
  ['chart/templates/deployment.yaml', k8s.helmTemplate, 0.4],
  ['chart/templates/_helpers.tpl', k8s.helpersTpl, 0.4],
  ['.github/workflows/ci.yml', k8s.workflow, 0.3],
  ['Dockerfile', other.dockerfile, 0.8],
  ['docker-compose.yaml', other.compose, 0.3],
  ['infra/main.tf', other.terraform, 0.35],
  ['node/config.toml', other.containerdToml, 0.05],
  ['scripts/deploy.sh', other.deployScript, 0.5],
  ['README.md', other.readme, 0.9],
  ['docs/runbook.md', other.runbook, 0.3],
  ['config/app.json', other.configJson, 0.4],
];

/** Chance that a file with image slots gets a legacy reference in one of them. */
const legacyRate = 0.08;

export interface GeneratedFile {
  path: string;
  content: string;
  planted: Planted;
}

export function generateApp(rng: Random, domain: string, app: string): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  const add = (path: string, template: FileTemplate) => {
    const im = new FileImages(rng, app, rng.chance(legacyRate));
    const content = template({ rng, app, domain, im });
    files.push({ path, content, planted: im.planted });
  };
  const hasChart = rng.chance(0.4);
  for (const [path, template, p] of layout) {
    const inChart = path.startsWith('chart/');
    if (inChart ? hasChart : rng.chance(p)) add(path, template);
  }
  if (rng.chance(0.5)) {
    add('main.go', other.goSource);
    add('go.mod', other.goMod);
    if (rng.chance(0.6)) add('handlers.go', other.goSource);
  } else {
    add('src/index.ts', other.tsSource);
    add('package.json', other.packageJson);
    if (rng.chance(0.6)) add('src/handlers.ts', other.tsSource);
  }
  return files;
}
