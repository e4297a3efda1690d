import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { once } from 'node:events';
import { diesWithParent } from '@pushreg/adapters-mysql/testing';
import { onCleanup } from './cleanup.js';

/**
 * Spawns a process that the kernel kills if the bench dies, and that cleanUp() stops.
 * setpriv execs the command, so the pid is the command's own (needed for /proc sampling).
 */
export function startChild(command: string, args: string[], options: SpawnOptions): ChildProcess {
  const [cmd, argv] = diesWithParent(command, args);
  const child = spawn(cmd, argv, options);
  onCleanup(() => stopChild(child));
  return child;
}

/** SIGTERM, then SIGKILL after graceMs; resolves once the process has exited. */
export async function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Resolves with the first stdout/stderr line matching pattern; rejects if the child exits. */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs = 30_000) {
  return new Promise<RegExpMatchArray>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`timed out waiting for ${pattern}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      seen = (seen + chunk.toString()).slice(-8000);
      const match = seen.match(pattern);
      if (match) finish(() => resolve(match));
    };
    const onExit = (code: number | null) =>
      fail(new Error(`process exited (${code}) before printing ${pattern}:\n${seen}`));
    const fail = (error: Error) => finish(() => reject(error));
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      settle();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Runs a command to completion; rejects with its output when it exits non-zero. */
export async function runToEnd(
  command: string,
  args: string[],
  options: SpawnOptions = {},
): Promise<{ stdout: string; stderr: string }> {
  const child = startChild(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${code}:\n${stdout}${stderr}`);
  }
  return { stdout, stderr };
}
