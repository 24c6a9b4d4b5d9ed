// Starting `popper studio` on a free loopback port and a headless chromium
// for the browser test and the first-graph benchmark.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const SOURCE_DIR =
  process.env.POPPER_SOURCE_DIR || resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
export const POPPER = process.env.POPPER_BINARY || join(SOURCE_DIR, 'build/cli/popper');

export function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

// Starts the studio over `root`; resolves to {url, stop()} once it answers.
export async function startStudio(root) {
  const port = await freePort();
  const work = mkdtempSync(join(tmpdir(), 'popper-studio-'));
  const child = spawn(
    POPPER,
    ['studio', '--root', root, '--port', String(port), '--store', join(work, 'store'), '--web',
      join(SOURCE_DIR, 'studio/web/dist')],
    { cwd: work, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`popper studio exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}api/files`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    stop: () =>
      new Promise((done) => {
        child.on('exit', done);
        child.kill('SIGTERM');
      }),
  };
}

export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
}

export const chromiumPresent = () => existsSync(CHROMIUM);
