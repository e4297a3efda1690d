import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { startChild } from './children.js';
import type { LoadGenerator, LoadResult, LoadRun } from './load.js';

const SCRIPT = fileURLToPath(new URL('./replay.lua', import.meta.url));

interface WrkReport {
  requests: number;
  durationUs: number;
  connect: number;
  read: number;
  write: number;
  status: number;
  timeout: number;
  p50Us: number;
  p99Us: number;
  sent: number[];
}

/** wrk's version line, or null when wrk is not installed. */
export function wrkVersion(): string | null {
  // wrk prints its banner and usage and exits 1 when given -v.
  const probe = spawnSync('wrk', ['-v'], { encoding: 'utf8' });
  if (probe.error) return null;
  return `${probe.stdout}${probe.stderr}`.match(/^wrk \S+/m)?.[0] ?? 'wrk';
}

/**
 * wrk with one thread: it uses a fraction of the CPU autocannon would, which matters when the
 * server, MariaDB and the load generator share two cores. The API key reaches the Lua script
 * through the environment so it never shows in a process listing.
 */
export function wrkGenerator(version: string): LoadGenerator {
  return {
    name: version,
    threads: () => 1,
    async run(load: LoadRun): Promise<LoadResult> {
      const args = [
        '-t1',
        `-c${load.connections}`,
        `-d${load.seconds}s`,
        '--timeout',
        '5s',
        '-s',
        SCRIPT,
        load.url,
        '--',
        load.filePattern,
        new URL(load.url).pathname,
      ];
      const child = startChild('wrk', args, {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, BENCH_API_KEY: load.apiKey },
      });
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      const [code] = (await once(child, 'exit')) as [number | null];
      const line = out.match(/^BENCH_RESULT (.*)$/m);
      if (code !== 0 || !line?.[1]) throw new Error(`wrk failed (exit ${code}):\n${out}`);
      const r = JSON.parse(line[1]) as WrkReport;
      return {
        rps: r.requests / (r.durationUs / 1e6),
        requests: r.requests,
        p50Ms: r.p50Us / 1000,
        p99Ms: r.p99Us / 1000,
        errors: r.connect + r.read + r.write + r.timeout,
        non2xx: r.status,
        sentByThread: r.sent,
      };
    },
  };
}
