import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { LoadGenerator, LoadResult, LoadRun } from './load.js';

// autocannon ships no types; this is the part of its API the bench uses.
interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}
interface AutocannonResult {
  requests: { total: number };
  duration: number;
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
type Autocannon = (
  options: {
    url: string;
    connections: number;
    duration: number;
    timeout: number;
    requests: AutocannonRequest[];
  },
  done: (error: Error | null, result: AutocannonResult) => void,
) => unknown;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** autocannon in this process: the fallback when wrk is not installed. */
export const autocannonGenerator: LoadGenerator = {
  name: 'autocannon 9',
  threads: () => 1,
  run(load: LoadRun): Promise<LoadResult> {
    const lines = readFileSync(load.filePattern.replace('%d', '0'), 'utf8').split('\n');
    const bodies = lines.filter((line) => line.length > 0);
    const path = new URL(load.url).pathname;
    let sent = 0;
    const headers = { 'content-type': 'application/json', 'x-api-key': load.apiKey };
    const request: AutocannonRequest & { setupRequest: (r: AutocannonRequest) => unknown } = {
      method: 'POST',
      path,
      headers,
      setupRequest: (r) => {
        const body = bodies[sent % bodies.length];
        sent++;
        return { ...r, body };
      },
    };
    return new Promise((resolve, reject) => {
      autocannon(
        {
          url: load.url,
          connections: load.connections,
          duration: load.seconds,
          timeout: 5,
          requests: [request],
        },
        (error, result) => {
          if (error) return reject(error);
          resolve({
            rps: result.requests.total / result.duration,
            requests: result.requests.total,
            p50Ms: result.latency.p50,
            p99Ms: result.latency.p99,
            errors: result.errors,
            non2xx: result.non2xx,
            sentByThread: [sent],
          });
        },
      );
    });
  },
};
