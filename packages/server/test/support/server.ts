import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { createLogger, loadConfig, type RunningServer, serve } from '@pushreg/server';

const MAIN = new URL('../../src/main.ts', import.meta.url).pathname;
// Resolved here, since the child runs in a temp folder where 'tsx' cannot be found by name.
const NODE_ARGS = ['--conditions=@pushreg/source', '--import', import.meta.resolve('tsx'), MAIN];

/** Loopback-only, any-free-port listeners for tests. */
export const LOCAL = {
  PUSHREG_HOST: '127.0.0.1',
  PUSHREG_PORT: '0',
  PUSHREG_METRICS_HOST: '127.0.0.1',
  PUSHREG_METRICS_PORT: '0',
};

export interface TestServer {
  readonly api: string;
  readonly metrics: string;
  /** Every log line written so far, raw. */
  readonly logs: string[];
  close(): Promise<void>;
}

/** Runs the real server in this process, with log lines captured. */
export async function startServer(env: Record<string, string>): Promise<TestServer> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const config = loadConfig({ ...LOCAL, PUSHREG_LOG_LEVEL: 'info', ...env });
  const running: RunningServer = await serve(config, createLogger(config.logLevel, sink));
  return {
    api: `http://127.0.0.1:${running.apiPort}`,
    metrics: `http://127.0.0.1:${running.metricsPort}`,
    logs,
    close: () => running.close(),
  };
}

export interface ChildServer {
  readonly api: string;
  readonly metrics: string;
  readonly child: ChildProcess;
  readonly lines: string[];
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Resolves with the exit code once the process ends by itself. */
  exited(): Promise<number | null>;
}

/** Runs `pushreg serve` as its own process and waits for it to listen. */
export async function spawnServer(env: Record<string, string>, cwd: string): Promise<ChildServer> {
  const child = spawn(process.execPath, [...NODE_ARGS, 'serve'], {
    cwd,
    env: { ...cleanEnv(), ...LOCAL, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const exited = once(child, 'exit');
  createInterface({ input: child.stderr! }).on('line', (l) => lines.push(l));
  const ready = new Promise<{ apiPort: number; metricsPort: number }>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      if (line.includes('pushreg is listening')) resolve(JSON.parse(line));
    });
    exited.then(() => reject(new Error(`server exited before listening:\n${lines.join('\n')}`)));
  });
  const { apiPort, metricsPort } = await ready;
  return {
    api: `http://127.0.0.1:${apiPort}`,
    metrics: `http://127.0.0.1:${metricsPort}`,
    child,
    lines,
    exited: async () => (await exited)[0] as number | null,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const [code] = await exited;
      return code as number | null;
    },
  };
}

/** Runs one CLI command to completion. */
export async function runCli(args: string[], env: Record<string, string>, cwd: string) {
  const child = spawn(process.execPath, [...NODE_ARGS, ...args], {
    cwd,
    env: { ...cleanEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const [code] = await once(child, 'exit');
  return { code: code as number | null, stdout, stderr };
}

/** Creates an API key with the CLI and returns it (the last line of its output). */
export async function createKey(env: Record<string, string>, cwd: string, name = 'test') {
  const result = await runCli(['keys', 'create', '--name', name], env, cwd);
  if (result.code !== 0) throw new Error(`keys create failed: ${result.stderr}`);
  const lines = result.stdout.trim().split('\n');
  return { key: lines.at(-1) ?? '', output: result.stdout };
}

/** The parent's environment without any PUSHREG_ or NODE_ENV setting that would leak in. */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('PUSHREG_') && k !== 'NODE_ENV') env[k] = v;
  }
  return env;
}

export async function post(base: string, path: string, body: unknown, key?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== undefined) headers['x-api-key'] = key;
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    text,
    json: text ? safeJson(text) : undefined,
    headers: res.headers,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const apnsToken = (n: number) => n.toString(16).padStart(8, '0').repeat(8);
export const fcmToken = (n: number) => `d${n}:APA91b${'Xy_z-'.repeat(28)}${n}`;
