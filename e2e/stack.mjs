// Starts the same stack as ./run.sh (Azurite, seeded HubSpot sandbox, bot, Agents Playground) on free loopback
// ports by running run.sh itself with the ports in its environment, so there is one implementation of the local run.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** `name` keeps each test file's service logs apart (artifacts/e2e/logs/<name>/) when files run side by side. */
export async function startStack({ name = 'stack' } = {}) {
  const ports = { AZURITE_PORT: await freePort(), SANDBOX_PORT: await freePort(), GRAPH_PORT: await freePort(), BOT_PORT: await freePort(), PLAYGROUND_PORT: await freePort() };
  const env = {
    ...process.env,
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    RUN_LOGS: path.join(root, 'artifacts', 'e2e', 'logs', name),
    SANDBOX_SEED: process.env.SANDBOX_SEED ?? '300',
  };
  // detached: run.sh leads its own process group; stop() signals it and its trap stops every service it started.
  const child = spawn(path.join(root, 'run.sh'), [], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`run.sh not ready after 240 s:\n${output}`)), 240_000);
    const onData = (chunk) => {
      output += chunk;
      const match = /^READY (\S+)/m.exec(output);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`run.sh exited (${code}) before it was ready:\n${output}`)); });
  });
  const playgroundUrl = await ready;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    playgroundUrl,
    botUrl: `http://127.0.0.1:${ports.BOT_PORT}`,
    sandboxUrl: `http://127.0.0.1:${ports.SANDBOX_PORT}`,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    },
  };
}
