// The system chromium (Debian package `chromium`, installed by test/env/prereqs.sh) driven by
// playwright-core: its own browser download cannot work here, and the report must work in a real browser.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type BrowserContextOptions, chromium } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';

/** Nothing in the background may reach the network: no updates, sync, QUIC probes or first-run pages. */
const flags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh browser with its own profile directory, removed on close. */
export async function launchChromium(options: BrowserContextOptions = {}): Promise<Browser> {
  if (!existsSync(chromiumPath))
    throw new Error(`${chromiumPath} is missing: run bash test/env/prereqs.sh (apt-get install -y chromium)`);
  const profile = mkdtempSync(join(tmpdir(), 'regshift-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: flags,
    viewport: { width: 1280, height: 900 },
    ...options,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
