import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import type { Finding } from '../findings.js';
import { tryParseReference } from '../reference/parse.js';
import type { Rule } from '../rules/types.js';
import { scanText } from '../scan/index.js';
import { toPosix } from '../text/posix-path.js';

const kustomizationNames = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const listKeys = ['resources', 'bases', 'components', 'patchesStrategicMerge'];

/** A kustomization's `images[].name` selector. */
export function isKustomizeSelector(finding: Finding): boolean {
  return finding.format === 'kustomize' && /^images\[\d+\]\.name$/.test(finding.context ?? '');
}

function isRemote(entry: string): boolean {
  return (
    /:\/\//.test(entry) ||
    /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(entry) ||
    /^git@/.test(entry) ||
    entry.includes('?ref=')
  );
}

/** Every local file a kustomization builds from (following bases and components), and its remote bases. */
export function kustomizationInputs(
  dir: string,
  seen = new Set<string>(),
): { files: string[]; remote: string[] } {
  const out = { files: [] as string[], remote: [] as string[] };
  if (seen.has(dir)) return out;
  seen.add(dir);
  const name = kustomizationNames.find((n) => existsSync(join(dir, n)));
  if (!name) return out;
  let doc: Record<string, unknown>;
  try {
    doc = (parse(readFileSync(join(dir, name), 'utf8')) ?? {}) as Record<string, unknown>;
  } catch {
    return out;
  }
  for (const key of listKeys) {
    const entries = Array.isArray(doc[key]) ? (doc[key] as unknown[]) : [];
    for (const entry of entries) {
      if (typeof entry !== 'string') continue;
      if (isRemote(entry)) {
        out.remote.push(entry);
        continue;
      }
      const target = resolve(dir, entry);
      if (!existsSync(target)) continue;
      if (statSync(target).isDirectory()) {
        const nested = kustomizationInputs(target, seen);
        out.files.push(...nested.files);
        out.remote.push(...nested.remote);
      } else out.files.push(target);
    }
  }
  return out;
}

function imageName(reference: string): string {
  const parsed = tryParseReference(reference);
  if (!parsed.ok) return reference;
  return parsed.reference.domain
    ? `${parsed.reference.domain}/${parsed.reference.path}`
    : parsed.reference.path;
}

/**
 * Why a selector must be left alone, or undefined when it may be rewritten with what it selects. Rewriting
 * a selector whose images stay on the old name (a remote base, a file outside the paths being fixed) would
 * silently stop the overlay applying.
 */
export function selectorHazard(
  selector: Finding,
  absolute: string,
  report: readonly Finding[],
  cwd: string,
  rules: readonly Rule[],
): string | undefined {
  const inputs = kustomizationInputs(dirname(absolute));
  if (inputs.remote.length > 0) {
    return `it selects images in a remote base (${inputs.remote[0]}), which regshift cannot rewrite; change that base first, then re-run`;
  }
  const name = imageName(selector.match);
  const fixed = new Set(
    report.filter((f) => f.kind === 'image').map((f) => `${f.path}\0${imageName(f.match)}`),
  );
  for (const file of inputs.files) {
    const path = toPosix(relative(cwd, file));
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const selected = scanText({ absolute: file, path, text }, rules).findings.filter(
      (f) => f.kind === 'image' && imageName(f.match) === name,
    );
    if (selected.length > 0 && !fixed.has(`${path}\0${name}`)) {
      return `it selects ${name} in ${path}, which is outside the paths being fixed; fix both together (for example \`regshift fix ${toPosix(relative(cwd, dirname(file)))} ${toPosix(relative(cwd, dirname(absolute)))}\`)`;
    }
  }
  return undefined;
}
