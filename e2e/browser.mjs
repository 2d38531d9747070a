// Debian's Chromium driven by playwright-core, headless, with every request off the loopback interface aborted
// (the Playground page asks an Office CDN for fonts).
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from './stack.mjs';

export const shots = path.join(root, 'artifacts', 'e2e');

const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launch() {
  mkdirSync(shots, { recursive: true });
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: flags,
    viewport: { width: 1280, height: 900 },
  });
  await context.route('**/*', (route) => {
    const { hostname, protocol } = new URL(route.request().url());
    const local = protocol === 'file:' || protocol === 'data:' || ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
    return local ? route.continue() : route.abort();
  });
  return context;
}

export const shot = (page, name) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
