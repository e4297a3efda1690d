import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { diesWithParent, findLocalMysqlBinary, type LocalMysqlBinary } from './local-binary.js';

/** A MariaDB/MySQL server of our own, in a temporary folder, on a loopback port. */
export interface ThrowawayMysql {
  /** `mysql://root@127.0.0.1:<port>/` (no database selected, no password). */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** The server's process id while it runs, else null. */
  readonly pid: number | null;
  /** Shuts the server down cleanly and waits for it to exit; the data folder stays. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data folder; resolves once it accepts connections. */
  start(): Promise<void>;
  /**
   * Freezes the process (SIGSTOP): connections stay open but nothing answers. Resolves once
   * every thread has stopped, so no query sent afterwards can slip through.
   */
  pause(): Promise<void>;
  /** Lets a paused server run on (SIGCONT). */
  resume(): void;
  /** Stops it if running and deletes its folder. */
  close(): Promise<void>;
}

export interface ThrowawayMysqlOptions {
  /** Extra server options, appended last so they override the defaults below. */
  readonly serverArgs?: readonly string[];
}

const run = promisify(execFile);
const running = new Set<ChildProcess>();
const READY = /ready for connections/;
const START_TIMEOUT_MS = 60_000;

// If this process exits without stopping its servers (a crashed test), take them along.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no loopback port');
  return address.port;
}

async function install(binary: LocalMysqlBinary, dataDir: string): Promise<void> {
  const asRoot = process.getuid?.() === 0 ? ['--user=root'] : [];
  if (binary.installer) {
    await run(binary.installer, [
      '--no-defaults',
      `--datadir=${dataDir}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      ...asRoot,
    ]);
  } else {
    await run(binary.server, [
      '--no-defaults',
      '--initialize-insecure',
      `--datadir=${dataDir}`,
      ...asRoot,
    ]);
  }
}

function serverArgs(binary: LocalMysqlBinary, dir: string, port: number, extra: readonly string[]) {
  return [
    '--no-defaults',
    `--datadir=${join(dir, 'data')}`,
    `--socket=${join(dir, 'sock')}`,
    `--pid-file=${join(dir, 'server.pid')}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    ...(process.getuid?.() === 0 ? ['--user=root'] : []),
    ...(binary.flavour === 'mysql' ? ['--mysqlx=OFF', '--disable-log-bin'] : ['--skip-log-bin']),
    '--skip-name-resolve',
    '--character-set-server=utf8mb4',
    '--max-connections=500',
    '--innodb-buffer-pool-size=128M',
    // A throwaway server trades durability for speed; a benchmark can pass =1 back.
    '--innodb-flush-log-at-trx-commit=2',
    ...extra,
  ];
}

/** Spawns the server and resolves once its log says it accepts connections. */
async function launch(binary: LocalMysqlBinary, args: string[]): Promise<ChildProcess> {
  const [command, argv] = diesWithParent(binary.server, args);
  const child = spawn(command, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let log = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server start timed out')), START_TIMEOUT_MS);
    child.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
      if (READY.test(log)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${binary.server} exited early (${signal ?? code}):\n${log}`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  try {
    await ready;
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  // Keep draining the log so the server never blocks on a full pipe.
  child.stderr?.resume();
  return child;
}

/** A stop signal reaches each thread of a process in its own time; waits until all have it. */
async function allThreadsStopped(pid: number, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const states = (await readdir(`/proc/${pid}/task`).catch(() => [])).map((task) =>
      readFile(`/proc/${pid}/task/${task}/stat`, 'utf8').then(
        (stat) => stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3),
        () => 'T',
      ),
    );
    if ((await Promise.all(states)).every((state) => state === 'T' || state === 't')) return;
    if (Date.now() > deadline) throw new Error(`process ${pid} did not stop`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function stopChild(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGCONT'); // a paused server could not act on SIGTERM
  child.kill('SIGTERM');
  await exited;
}

/**
 * Starts a fresh server from the local mariadbd/mysqld binary. Throws when there is none;
 * see findLocalMysqlBinary. The caller owns it: close() it when done (it is also killed when
 * this process exits).
 */
export async function startThrowawayMysql(
  options: ThrowawayMysqlOptions = {},
): Promise<ThrowawayMysql> {
  const binary = findLocalMysqlBinary();
  if (!binary) throw new Error('no mariadbd or mysqld binary found on this machine');
  const dir = await mkdtemp(join(tmpdir(), 'pushreg-mysql-'));
  let child: ChildProcess | null = null;
  let port = 0;
  try {
    await install(binary, join(dir, 'data'));
    // The free port may be taken between probing and binding; try a few.
    for (let attempt = 1; child === null; attempt++) {
      port = await freePort();
      try {
        child = await launch(binary, serverArgs(binary, dir, port, options.serverArgs ?? []));
      } catch (error) {
        if (attempt >= 3 || !/bind|in use/i.test(String(error))) throw error;
      }
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const args = serverArgs(binary, dir, port, options.serverArgs ?? []);
  return {
    url: `mysql://root@127.0.0.1:${port}/`,
    port,
    dataDir: dir,
    get pid() {
      return child?.pid ?? null;
    },
    stop: async () => {
      await stopChild(child);
      child = null;
    },
    pause: async () => {
      if (!child?.pid) return;
      child.kill('SIGSTOP');
      await allThreadsStopped(child.pid);
    },
    resume: () => {
      child?.kill('SIGCONT');
    },
    start: async () => {
      if (child) return;
      child = await launch(binary, args);
    },
    close: async () => {
      await stopChild(child);
      child = null;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
