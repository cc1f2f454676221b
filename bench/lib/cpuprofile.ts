// Summarise a V8 .cpuprofile (from `node --cpu-prof`): self time per category and per function.
import { readFileSync } from 'node:fs';

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface Share {
  name: string;
  ms: number;
  percent: number;
}

function toShares(totals: Map<string, number>, allUs: number): Share[] {
  return [...totals]
    .map(([name, us]) => ({ name, ms: us / 1000, percent: (100 * us) / allUs }))
    .sort((a, b) => b.ms - a.ms);
}

/**
 * Self time of every sample, grouped by `classify(stack)`, where `stack` runs from the sampled frame
 * out to the root, so a classifier can charge a native call (readSync, indexOf) to the code that made it.
 */
export function summariseProfile(
  path: string,
  classify: (stack: readonly CallFrame[]) => string,
): { total: number; categories: Share[]; functions: Share[] } {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const stackCache = new Map<number, CallFrame[]>();
  const stackOf = (id: number): CallFrame[] => {
    let stack = stackCache.get(id);
    if (!stack) {
      stack = [];
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at))
        stack.push(byId.get(at)!.callFrame);
      stackCache.set(id, stack);
    }
    return stack;
  };
  const categories = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    total += us;
    const stack = stackOf(id);
    const category = classify(stack);
    categories.set(category, (categories.get(category) ?? 0) + us);
    const frame = stack[0]!;
    // Short names: node_modules/<package>/… for dependencies, dist/… for the project.
    const file = frame.url.includes('/node_modules/')
      ? frame.url.replace(/^.*\/node_modules\//, 'node_modules/')
      : frame.url.replace(/^.*\/dist\//, 'dist/');
    const key = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
  });
  return {
    total: total / 1000,
    categories: toShares(categories, total),
    functions: toShares(functions, total),
  };
}
