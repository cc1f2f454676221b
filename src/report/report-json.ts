/** `regshift report -o json`: the merged model in the common envelope; `report` reads it back as a baseline. */
import type { ReportModel } from './model/types.js';

export function renderReportJson(model: ReportModel, tool: { name: 'regshift'; version: string }): string {
  const { errors, summary, ...results } = model;
  return `${JSON.stringify({ tool, command: 'report', ...results, errors, summary }, null, 2)}\n`;
}
