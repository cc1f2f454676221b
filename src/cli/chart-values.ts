import { setChartValue } from '../rewrite/chart-values.js';
import type { FilePlan, PlannedEdit } from '../rewrite/index.js';
import type { Rule } from '../rules/types.js';

/**
 * For `fix`: in Helm values files where a rule with a `helmValue` rewrote references (Bitnami charts refuse
 * substituted images), set that value to true when asked, and otherwise say that the chart needs it.
 * Never silent: every file it applies to gets a message.
 */
export function chartValueEdits(rules: readonly Rule[], allow: boolean) {
  const messages: string[] = [];
  const helmValueOf = new Map(rules.flatMap((r) => (r.helmValue ? [[r.id, r.helmValue] as const] : [])));
  const extraEdit = (plan: FilePlan, text: string): PlannedEdit | undefined => {
    const value = plan.edits.map((e) => helmValueOf.get(e.rule)).find((v) => v !== undefined);
    if (value === undefined || !plan.findings.some((f) => f.format === 'helm-values')) return undefined;
    if (!allow) {
      messages.push(
        `${plan.path}: the chart refuses the new images unless ${value}: true (add --helm-allow-substituted-images, or set it yourself)`,
      );
      return undefined;
    }
    const result = setChartValue(text, value.split('.'), plan.path);
    if ('edit' in result) messages.push(`${plan.path}: set ${value}: true`);
    else if ('problem' in result)
      messages.push(`${plan.path}: ${value} not set (${result.problem}); set it yourself`);
    return 'edit' in result ? result.edit : undefined;
  };
  return { extraEdit, messages };
}
