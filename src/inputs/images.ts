/** Images to check or mirror: arguments, the JSON of `scan` or `cluster`, or plain text. Pure. */
import { RegshiftError } from '../errors.js';
import { tryParseReference } from '../reference/parse.js';

/** The code an unusable input is reported with: the command that reads it (check, or mirror). */
type InputCode = 'CHECK_INPUT' | 'MIRROR_INPUT';

export interface ImageInput {
  image: string;
  /** The new location when the input names it (a finding's `replacement`); else the rules decide. */
  target?: string;
}

interface FindingLike {
  image?: unknown;
  match?: unknown;
  replacement?: unknown;
  format?: unknown;
  context?: unknown;
}

/** A Kustomize `images[].name` (or `newName`) is a selector, not an image: it has no tag to pull. */
function isKustomizeSelector(finding: FindingLike): boolean {
  return (
    finding.format === 'kustomize' &&
    typeof finding.context === 'string' &&
    /(^|\.)images\[\d+\]\.(name|newName)$/.test(finding.context)
  );
}

/** `findings[].image` and `.replacement` of a scan or cluster report. */
export function imagesFromReport(
  text: string,
  source: string,
  code: InputCode = 'CHECK_INPUT',
): ImageInput[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new RegshiftError(code, `${source} is not valid JSON: ${(error as Error).message}`, {
      hint: 'Give --from the output of `regshift scan -o json` or `regshift cluster -o json`.',
    });
  }
  const findings = (parsed as { findings?: unknown })?.findings;
  if (!Array.isArray(findings)) {
    throw new RegshiftError(code, `${source} has no "findings" list`, {
      hint: 'Give --from the output of `regshift scan -o json` or `regshift cluster -o json`.',
    });
  }
  const out: ImageInput[] = [];
  for (const finding of findings as FindingLike[]) {
    if (typeof finding?.image !== 'string' || finding.image === '' || isKustomizeSelector(finding)) continue;
    // `replacement` is what `match` becomes; it names the whole new image only when `match` is the whole
    // image (a split Helm `registry:` value or a tagless `repository:` is not), else the rules decide.
    out.push(
      typeof finding.replacement === 'string' && finding.replacement !== '' && finding.match === finding.image
        ? { image: finding.image, target: finding.replacement }
        : { image: finding.image },
    );
  }
  return out;
}

/**
 * A report if the text is JSON, else references separated by white space (`#` starts a comment). A word
 * that is no image reference refuses the whole input: it is not a list (the scan *table*, say).
 */
export function imagesFromText(text: string, source: string, code: InputCode = 'CHECK_INPUT'): ImageInput[] {
  if (text.trimStart().startsWith('{')) return imagesFromReport(text, source, code);
  const lines = text.split('\n');
  const out: ImageInput[] = [];
  for (let n = 0; n < lines.length; n++) {
    for (const word of lines[n]!.replace(/#.*$/, '').split(/\s+/)) {
      if (word === '') continue;
      if (!tryParseReference(word).ok) {
        throw new RegshiftError(
          code,
          `${source}:${n + 1}: ${JSON.stringify(word.slice(0, 80))} is not an image reference, so ${source} is neither a list of references nor a JSON report`,
          { hint: 'Pipe `regshift scan -o json` (not the table), or write one image reference per line.' },
        );
      }
      out.push({ image: word });
    }
  }
  return out;
}

/** Identical references once, first target wins. */
export function dedupeImages(inputs: readonly ImageInput[]): ImageInput[] {
  const seen = new Map<string, ImageInput>();
  for (const input of inputs) {
    const key = `${input.image}\n${input.target ?? ''}`;
    if (!seen.has(key)) seen.set(key, input);
  }
  return [...seen.values()];
}
