// Reporters read findings-level types only: the cluster report's types live beside findings.ts,
// so src/report/ never imports src/cluster/ (DESIGN.md: dependencies point down).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = join(import.meta.dirname, '../../src');

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)[^;]*?from '([^']+)'/gms)].map((m) => m[1]!);
}

describe('layering', () => {
  it('src/report imports only its own files, findings.ts, cluster-report.ts and node built-ins', () => {
    const outside = readdirSync(join(src, 'report'))
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => imports(join(src, 'report', f)).map((i) => `${f}: ${i}`))
      .filter(
        (line) => !/: (\.\/[\w-]+\.js|\.\.\/findings\.js|\.\.\/cluster-report\.js|node:\w+)$/.test(line),
      );
    expect(outside).toEqual([]);
  });

  it('cluster-report.ts depends on findings.ts alone', () => {
    expect(imports(join(src, 'cluster-report.ts'))).toEqual(['./findings.js']);
  });
});
