import type { FindingFormat, FindingKind } from '../../findings.js';
import type { Hit } from '../hits.js';
import { type FormatScanner, type SourceFile, toFinding } from './common.js';

/** Keys whose value is a registry (or a repository prefix) rather than a whole image. */
export const registryKeyPattern = /(registry|repository|repo|imagerepository|imageregistry|mirror)$/i;

const assignedByKey = /([A-Za-z0-9_.-]+)["']?\s*[:=]\s*["']?$/;

/**
 * What a hit means in plain text. A reference with a path is an image; a bare host is a registry when it
 * is assigned (`--registry=k8s.gcr.io`, `imageRepository: k8s.gcr.io`, `default "k8s.gcr.io"`), and a
 * mention in prose, URLs and keys.
 */
export function classifyInText(text: string, hit: Hit): FindingKind {
  const before = text.slice(Math.max(0, hit.start - 80), hit.start);
  if (before.endsWith('://')) return 'mention';
  if (hit.hasPath) return 'image';
  const lastLineBreak = before.lastIndexOf('\n');
  const linePrefix = before.slice(lastLineBreak + 1);
  // A flag's value is a registry only for a flag about images (`--image-repository=`), not
  // `cip-mm --base_dir=k8s.gcr.io`, a directory named after the host.
  const flag = /(?:^|\s)--?([A-Za-z0-9_.-]+)=["']?$/.exec(linePrefix)?.[1];
  if (flag !== undefined) return /registry|repo|image|mirror|prefix/i.test(flag) ? 'registry' : 'mention';
  if (/=["']?$/.test(linePrefix)) return 'registry';
  const key = assignedByKey.exec(linePrefix)?.[1];
  if (key && registryKeyPattern.test(key) && !/^\s*-?\s*$/.test(linePrefix)) return 'registry';
  const open = text[hit.start - 1];
  const close = text[hit.end];
  if ((open === '"' || open === "'") && close === open) {
    const next = text[hit.end + 1];
    if (next !== ':' && next !== ']' && next !== '.' && !/^\s*\[/.test(linePrefix)) return 'registry';
  }
  return 'mention';
}

/** Plain text (and Helm templates, which are not YAML until rendered): references anywhere. */
export function textScanner(format: FindingFormat): FormatScanner {
  return (file: SourceFile) => ({
    findings: file.hits.map((hit) =>
      toFinding(file, hit, format, { kind: classifyInText(file.text, hit), context: null }),
    ),
    errors: [],
  });
}

/** Rego and other policy sources: every hit is part of a rule that guards the old registry. */
export const scanPolicyText: FormatScanner = (file: SourceFile) => ({
  findings: file.hits.map((hit) => toFinding(file, hit, 'text', { kind: 'policy', context: null })),
  errors: [],
});
