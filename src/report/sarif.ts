import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, FindingKind, ScanReport } from '../findings.js';
import { pathUri } from './escape.js';

const descriptions: Record<
  FindingKind,
  { short: string; full: string; level: 'error' | 'warning' | 'note' }
> = {
  image: {
    short: 'Image from a deprecated registry',
    full: 'This image reference names a registry that is frozen or going away; pulls fail where its redirect is blocked.',
    level: 'error',
  },
  registry: {
    short: 'Deprecated registry configured',
    full: 'This value sets a deprecated registry that image references are built from.',
    level: 'error',
  },
  mention: {
    short: 'Deprecated registry mentioned',
    full: 'The deprecated registry host appears in prose, a URL or a key. Reported only; regshift never rewrites it.',
    level: 'note',
  },
  policy: {
    short: 'Deprecated registry in a policy',
    full: 'A policy names the deprecated registry (often to forbid it). Reported only; rewriting a deny-list would turn it against the new registry.',
    level: 'note',
  },
};

function ruleId(kind: FindingKind): string {
  return `deprecated-registry-${kind}`;
}

function fingerprint(finding: Finding, occurrence: number): string {
  const hash = createHash('sha256')
    .update(`${finding.rule}\0${finding.kind}\0${finding.match}\0${finding.context ?? ''}`)
    .digest('hex');
  return `${hash.slice(0, 16)}:${occurrence}`;
}

function region(f: Finding) {
  return { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn };
}

/**
 * A file's artifactLocation: percent-encoded and relative to %SRCROOT%, or, for a file outside it
 * (`../x`), an absolute file URI, so no uri climbs out of the source root.
 */
export function sarifLocation(path: string, root?: string): { uri: string; uriBaseId?: string } {
  if (path === '..' || path.startsWith('../') || path.startsWith('/'))
    return { uri: pathToFileURL(resolve(root ?? process.cwd(), path)).href };
  return { uri: pathUri(path), uriBaseId: '%SRCROOT%' };
}

/** SARIF 2.1.0 for code scanning, with `fixes` carrying each rewrite. */
export function renderSarif(report: ScanReport, root?: string): string {
  const kinds = (Object.keys(descriptions) as FindingKind[]).filter((k) =>
    report.findings.some((f) => f.kind === k),
  );
  const seen = new Map<string, number>();
  const results = report.findings.map((f) => {
    const key = `${f.path}\0${f.rule}\0${f.match}`;
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    const artifactLocation = sarifLocation(f.path, root);
    const moveTo = f.replacement ? `; use ${f.replacement}` : '';
    return {
      ruleId: ruleId(f.kind),
      level: descriptions[f.kind].level,
      message: { text: `${f.match} is on a deprecated registry (rule ${f.rule})${moveTo}` },
      locations: [{ physicalLocation: { artifactLocation, region: region(f) } }],
      partialFingerprints: { primaryLocationLineHash: fingerprint(f, occurrence) },
      ...(f.replacement && f.action !== 'report'
        ? {
            fixes: [
              {
                description: { text: `Replace with ${f.replacement}` },
                artifactChanges: [
                  {
                    artifactLocation,
                    replacements: [{ deletedRegion: region(f), insertedContent: { text: f.replacement } }],
                  },
                ],
              },
            ],
          }
        : {}),
    };
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'regshift',
            version: report.tool.version,
            informationUri: 'https://github.com/regshift/regshift',
            rules: kinds.map((k) => ({
              id: ruleId(k),
              shortDescription: { text: descriptions[k].short },
              fullDescription: { text: descriptions[k].full },
              help: {
                text: `${descriptions[k].full} Run \`regshift fix\` to rewrite image and registry references.`,
              },
              defaultConfiguration: { level: descriptions[k].level },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { uri: './' } },
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
