import type { ScanReport } from '../findings.js';

/** The JSON contract of DESIGN.md: the report as it is, every field a plain one. */
export function renderJson(report: ScanReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
