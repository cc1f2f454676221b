import type { ScanReport } from '../findings.js';

/** The JSON contract of DESIGN.md; internal fields are non-enumerable and never appear. */
export function renderJson(report: ScanReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
