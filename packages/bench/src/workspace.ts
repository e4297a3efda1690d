import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runToEnd, startChild } from './children.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = join(ROOT, 'packages/server/dist/main.js');

/** Compiles every package to dist with the workspace's own build script. */
export async function buildWorkspace(): Promise<void> {
  await runToEnd('pnpm', ['build'], { cwd: ROOT });
}

/** The server's environment for the bench: loopback only, its own secrets, quiet logs. */
export interface ServerEnv {
  readonly databaseUrl: string;
  readonly encryptionKeys: string;
  readonly lookupKey: string;
  readonly poolSize: number;
  readonly logLevel: string;
}

function env(server: ServerEnv): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    PUSHREG_DATABASE_URL: server.databaseUrl,
    PUSHREG_ENCRYPTION_KEYS: server.encryptionKeys,
    PUSHREG_LOOKUP_KEY: server.lookupKey,
    PUSHREG_DB_POOL_SIZE: String(server.poolSize),
    PUSHREG_LOG_LEVEL: server.logLevel,
    PUSHREG_HOST: '127.0.0.1',
    PUSHREG_METRICS_HOST: '127.0.0.1',
  };
}

/** Asks the built CLI for a fresh encryption keyring and lookup key. */
export async function generateSecrets(): Promise<{ encryptionKeys: string; lookupKey: string }> {
  const { stdout } = await runToEnd('node', [MAIN, 'secrets'], { cwd: ROOT });
  const value = (name: string) => stdout.match(new RegExp(`^${name}=(.+)$`, 'm'))?.[1]?.trim();
  const encryptionKeys = value('PUSHREG_ENCRYPTION_KEYS');
  const lookupKey = value('PUSHREG_LOOKUP_KEY');
  if (!encryptionKeys || !lookupKey) throw new Error('`pushreg secrets` printed no secrets');
  return { encryptionKeys, lookupKey };
}

/** Issues an API key with the built CLI; the key is the last line it prints. */
export async function createApiKey(server: ServerEnv): Promise<string> {
  const { stdout } = await runToEnd('node', [MAIN, 'keys', 'create', '--name', 'bench'], {
    cwd: ROOT,
    env: env(server),
  });
  const key = stdout.trim().split('\n').at(-1)?.trim();
  if (!key) throw new Error('`pushreg keys create` printed no key');
  return key;
}

export interface StartedServer {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Base URL of the API listener, e.g. http://127.0.0.1:41234 */
  readonly url: string;
}

/** A loopback port nobody listens on now (another process could still take it first). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * Starts the compiled server (plain node, no tsx) on free loopback ports and resolves once
 * /health answers 200. Its log goes to logFile, as it would to a file or collector in
 * production. At warn the start-up line is not logged, so the port is chosen here.
 */
export async function startServer(
  server: ServerEnv,
  logFile: string,
  nodeFlags: string[] = [],
): Promise<StartedServer> {
  const [port, metricsPort] = [await freePort(), await freePort()];
  const log = openSync(logFile, 'a');
  const child = startChild('node', [...nodeFlags, MAIN, 'serve'], {
    cwd: ROOT,
    env: { ...env(server), PUSHREG_PORT: String(port), PUSHREG_METRICS_PORT: String(metricsPort) },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  if (!child.pid) throw new Error('the server did not start');
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`the server exited (${child.exitCode}) at start-up; see ${logFile}`);
    }
    try {
      if ((await fetch(`${url}/health`)).status === 200) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`the server did not get healthy; see ${logFile}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, pid: child.pid, url };
}

/** The commit measured, and the files that differed from it when the run started. */
export async function gitState(): Promise<{ commit: string; changed: string[] }> {
  try {
    const head = await runToEnd('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT });
    const status = await runToEnd('git', ['status', '--porcelain', '--', 'packages'], {
      cwd: ROOT,
    });
    const changed = status.stdout
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.includes('packages/bench/'))
      .map((line) => line.slice(3));
    return { commit: head.stdout.trim(), changed };
  } catch {
    return { commit: 'unknown (not a git checkout)', changed: [] };
  }
}
