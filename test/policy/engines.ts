// The fixture table as files for the engines' CLIs (kyverno apply, gator test), which judge objects
// offline: an ephemeral container is judged as part of its Pod (the CLIs cannot send a subresource
// UPDATE; the apiserver tests cover that path with the same CEL).
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { exemptLabel, type Fixture, namespaces } from './fixtures.js';

/** The object an offline engine judges for a fixture. */
export function offlineObject(fixture: Fixture): Fixture['object'] {
  if (!fixture.ephemeral) return fixture.object;
  const spec = fixture.object['spec'] as Record<string, unknown>;
  return { ...fixture.object, spec: { ...spec, ephemeralContainers: [fixture.ephemeral] } };
}

export const namespaceObjects = [
  { name: namespaces.main, labels: {} },
  { name: namespaces.excluded, labels: {} },
  { name: namespaces.optOut, labels: { [exemptLabel]: 'true' } },
].map(({ name, labels }) => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } },
}));

/** One file per fixture under `dir`, named by its id. */
export function writeFixtureFiles(dir: string, fixtures: readonly Fixture[]): void {
  mkdirSync(dir, { recursive: true });
  for (const f of fixtures) writeFileSync(join(dir, `${f.id}.yaml`), stringify(offlineObject(f)));
}

/** Fixture id from an object's name (fixtures are named by their id). */
export function fixtureOf(fixtures: readonly Fixture[], name: unknown): Fixture | undefined {
  return fixtures.find((f) => f.object.metadata['name'] === name);
}

/** Run a CLI whose exit code reports findings: the output matters either way. */
export function runTool(
  file: string,
  args: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      { maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
    // gator reads objects from a piped stdin: give it an empty one.
    child.stdin?.end();
  });
}
