import type { ScanReport } from '../findings.js';

/**
 * The JSON contract of DESIGN.md in the common envelope (`command` names the shape: `policy --check`
 * writes this one too); internal fields are non-enumerable and never appear.
 */
export function renderJson(report: ScanReport): string {
  const { tool, ...results } = report;
  return `${JSON.stringify({ tool, command: 'scan', ...results }, null, 2)}\n`;
}
