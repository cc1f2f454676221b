// The report model: read the JSON of scan, cluster, check and mirror (any mix), merge, compare to a baseline.
import { mergeParts } from './merge.js';
import { readInput } from './read.js';
import type { ReportModel } from './types.js';

export { applyBaseline, findingKeys } from './baseline.js';
export { mergeParts, summarize } from './merge.js';
export { detectKind, type InputPart, readInput } from './read.js';
export type * from './types.js';

/** A named, already parsed JSON document. */
export interface NamedDocument {
  name: string;
  value: unknown;
}

/** The whole model from parsed documents: the pure core of `regshift report`. */
export function buildReport(
  documents: readonly NamedDocument[],
  baseline?: readonly NamedDocument[],
): ReportModel {
  return mergeParts(
    documents.map((d) => readInput(d.name, d.value)),
    baseline?.map((d) => readInput(d.name, d.value)),
  );
}
export { clusterFixCommand, fileFixCommand, groupFindings, shellQuote } from './fix.js';
