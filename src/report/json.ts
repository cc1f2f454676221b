import type { ScanReport } from '../findings.js';

/** The JSON contract of DESIGN.md in the common envelope (`command` names the shape: `policy --check` writes this one too). */
export function renderJson(report: ScanReport): string {
  const { tool, ...results } = report;
  return `${JSON.stringify({ tool, command: 'scan', ...results }, null, 2)}\n`;
}
