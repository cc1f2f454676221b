/** The docker-credential-* protocol: `docker-credential-<name> get`, server URL on stdin, JSON on stdout. */
import { spawn } from 'node:child_process';
import { RegshiftError } from '../../errors.js';
import type { Credential } from './credentials.js';

const notFound = /credentials not found/i;

/** Ask helper `name` for the credentials of `serverUrl`; undefined when it has none. */
export function runCredentialHelper(
  name: string,
  serverUrl: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 10_000,
): Promise<Credential | undefined> {
  const program = `docker-credential-${name}`;
  return new Promise((resolve, reject) => {
    const child = spawn(program, ['get'], { env, stdio: ['pipe', 'pipe', 'pipe'], timeout: timeoutMs });
    const stdout: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.resume();
    child.on('error', (error) => {
      reject(
        new RegshiftError(
          'CREDENTIAL_HELPER',
          `credential helper ${program} could not run: ${(error as NodeJS.ErrnoException).code ?? error.message}`,
          {
            hint: `Install ${program} on PATH, or remove it from credHelpers/credsStore in your docker config.`,
            cause: error,
          },
        ),
      );
    });
    child.on('close', (code) => {
      const text = Buffer.concat(stdout).toString('utf8').trim();
      if (code !== 0) {
        if (notFound.test(text)) {
          resolve(undefined);
          return;
        }
        // The helper's own message, but never more than its first line: it is not supposed to hold secrets.
        const message = (text.split('\n')[0] ?? '').slice(0, 200);
        reject(
          new RegshiftError(
            'CREDENTIAL_HELPER',
            `credential helper ${program} failed for ${serverUrl} (exit ${code}): ${message}`,
            {
              hint: `Run \`echo ${serverUrl} | ${program} get\` to see what it answers, or log in again.`,
            },
          ),
        );
        return;
      }
      try {
        const parsed = JSON.parse(text) as { Username?: string; Secret?: string };
        if (!parsed.Secret) {
          resolve(undefined);
          return;
        }
        resolve(
          parsed.Username === '<token>'
            ? { identityToken: parsed.Secret }
            : { username: parsed.Username ?? '', password: parsed.Secret },
        );
      } catch {
        reject(
          new RegshiftError(
            'CREDENTIAL_HELPER',
            `credential helper ${program} answered something that is not JSON`,
            {
              hint: `Check that ${program} implements the docker-credential-helpers protocol.`,
            },
          ),
        );
      }
    });
    child.stdin.on('error', () => {
      // The helper may exit before reading stdin; its exit code tells the rest.
    });
    child.stdin.end(serverUrl);
  });
}
