import type { Diagnostic, Finding, FindingFormat } from '../findings.js';
import { ruleNeedles } from '../rules/match.js';
import type { Rule } from '../rules/types.js';
import { decodeText } from '../text/decode.js';
import { LineIndex } from '../text/line-index.js';
import { ChartDetector, detectFormat } from './detect.js';
import { textScanner } from './formats/text.js';
import { findHits } from './hits.js';

/** Scan one file's text (already known to contain a needle). Never throws: problems become diagnostics. */
export function scanFileText(
  file: { absolute: string; path: string; text: string },
  rules: readonly Rule[],
  needles: readonly string[],
  charts: ChartDetector,
): { findings: Finding[]; errors: Diagnostic[] } {
  const hits = findHits(file.text, rules, needles);
  if (hits.length === 0) return { findings: [], errors: [] };
  const { format, scan } = detectFormat(file.absolute, charts);
  const source = { path: file.path, text: file.text, hits, lines: new LineIndex(file.text) };
  try {
    return scan(source);
  } catch (error) {
    // A parser that gives up (a stack overflow on 5,000 nested brackets) must not hide the references.
    const result = textScanner(format)(source);
    result.errors.push({
      path: file.path,
      code: 'SCAN_FAILED',
      message: `could not parse this file (${(error as Error).message}); scanned as text`,
    });
    return result;
  }
}

/** Decode bytes and scan them; a file with invalid UTF-8 is still scanned, with a diagnostic. */
export function scanFileBytes(
  file: { absolute: string; path: string; bytes: Buffer },
  rules: readonly Rule[],
  needles: readonly string[],
  charts: ChartDetector,
): { findings: Finding[]; errors: Diagnostic[]; bom: boolean } {
  const { text, bom, invalidUtf8 } = decodeText(file.bytes);
  const result = scanFileText({ absolute: file.absolute, path: file.path, text }, rules, needles, charts);
  if (invalidUtf8) {
    result.errors.push({
      path: file.path,
      code: 'INVALID_UTF8',
      message: 'file is not valid UTF-8; invalid bytes were read as U+FFFD and it was scanned as text',
    });
  }
  return { ...result, bom };
}

/** Needles by rule set, so a caller scanning many texts with one set builds them once. */
const needlesByRules = new WeakMap<readonly Rule[], readonly string[]>();

/**
 * Scan one text as the file `absolute` would be scanned: its name and place choose the format (a Helm
 * chart's values and templates are recognised by the Chart.yaml beside them on disk). The one entry for
 * scanning a text that is not (or no longer) what the file holds, such as an edit before it is written.
 * Never throws: problems become diagnostics.
 */
export function scanText(
  file: { absolute: string; path: string; text: string },
  rules: readonly Rule[],
): { findings: Finding[]; errors: Diagnostic[]; format: FindingFormat } {
  let needles = needlesByRules.get(rules);
  if (!needles) {
    needles = ruleNeedles(rules);
    needlesByRules.set(rules, needles);
  }
  const charts = new ChartDetector();
  return {
    ...scanFileText(file, rules, needles, charts),
    format: detectFormat(file.absolute, charts).format,
  };
}
