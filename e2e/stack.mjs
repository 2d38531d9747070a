// Starts the same stack as ./run.sh (Azurite, seeded HubSpot sandbox, bot, Agents Playground) on free loopback
// ports by running run.sh itself with the ports in its environment, so there is one implementation of the local run.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Ports below the system's ephemeral range (Linux's default starts at 32768): a port the system handed out for "any
// free port" and took back can be given again to an outgoing connection before run.sh's service binds it.
const POOL = [20768, 32768];

function canListen(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function freePort(taken) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = POOL[0] + Math.floor(Math.random() * (POOL[1] - POOL[0]));
    if (!taken.has(port) && await canListen(port)) { taken.add(port); return port; }
  }
  throw new Error(`no free loopback port in ${POOL.join('-')}`);
}

/** `name` keeps each test file's service logs apart (artifacts/e2e/logs/<name>/) when files run side by side. */
export async function startStack({ name = 'stack' } = {}) {
  const taken = new Set();
  const ports = {};
  for (const variable of ['AZURITE_PORT', 'AZURITE_QUEUE_PORT', 'AZURITE_BLOB_PORT', 'SANDBOX_PORT', 'GRAPH_PORT', 'BOT_PORT', 'PLAYGROUND_PORT']) ports[variable] = await freePort(taken);
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
