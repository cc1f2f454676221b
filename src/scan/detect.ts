import { existsSync } from 'node:fs';
import { basename, dirname, extname, join, sep } from 'node:path';
import type { FindingFormat } from '../findings.js';
import type { FormatScanner } from './formats/common.js';
import { scanDockerfile } from './formats/dockerfile.js';
import { scanJson } from './formats/json.js';
import { scanTerraform } from './formats/terraform.js';
import { scanPolicyText, textScanner } from './formats/text.js';
import { scanToml } from './formats/toml.js';
import { yamlScanner } from './formats/yaml.js';

export interface Detected {
  format: FindingFormat;
  scan: FormatScanner;
}

const scanners = {
  yaml: yamlScanner('yaml'),
  helmValues: yamlScanner('helm-values'),
  kustomize: yamlScanner('kustomize'),
  compose: yamlScanner('compose'),
  text: textScanner('text'),
  helmTemplate: textScanner('helm-template'),
};

/** Remembers which directories hold a Chart.yaml, so a large chart costs one stat per directory. */
export class ChartDetector {
  private readonly known = new Map<string, boolean>();

  isChartDir(dir: string): boolean {
    let found = this.known.get(dir);
    if (found === undefined) {
      found = existsSync(join(dir, 'Chart.yaml'));
      this.known.set(dir, found);
    }
    return found;
  }

  /** True for files under a chart's templates/ directory. */
  isTemplate(file: string): boolean {
    if (!file.includes(`${sep}templates${sep}`)) return false;
    for (let dir = dirname(file); dirname(dir) !== dir; dir = dirname(dir)) {
      if (basename(dir) === 'templates' && this.isChartDir(dirname(dir))) return true;
    }
    return false;
  }
}

function isDockerfile(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    lower === 'dockerfile' ||
    lower === 'containerfile' ||
    lower.startsWith('dockerfile.') ||
    lower.endsWith('.dockerfile') ||
    lower.endsWith('.containerfile')
  );
}

/** The format of a file, from its name and place (a Helm chart's values and templates). */
export function detectFormat(absolute: string, charts: ChartDetector): Detected {
  const name = basename(absolute);
  const lower = name.toLowerCase();
  const ext = extname(lower);
  if (isDockerfile(name)) return { format: 'dockerfile', scan: scanDockerfile };
  if (charts.isTemplate(absolute)) return { format: 'helm-template', scan: scanners.helmTemplate };
  if (ext === '.yaml' || ext === '.yml') {
    if (lower.startsWith('values') && charts.isChartDir(dirname(absolute)))
      return { format: 'helm-values', scan: scanners.helmValues };
    if (lower === 'kustomization.yaml' || lower === 'kustomization.yml')
      return { format: 'kustomize', scan: scanners.kustomize };
    if (/^(docker-)?compose([.-].*)?\.ya?ml$/.test(lower))
      return { format: 'compose', scan: scanners.compose };
    return { format: 'yaml', scan: scanners.yaml };
  }
  if (name === 'Kustomization') return { format: 'kustomize', scan: scanners.kustomize };
  if (ext === '.json') return { format: 'json', scan: scanJson };
  if (ext === '.tf' || ext === '.tfvars' || ext === '.hcl')
    return { format: 'terraform', scan: scanTerraform };
  if (ext === '.toml') return { format: 'toml', scan: scanToml };
  if (ext === '.rego') return { format: 'text', scan: scanPolicyText };
  return { format: 'text', scan: scanners.text };
}
