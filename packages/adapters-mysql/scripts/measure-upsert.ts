// Measures MysqlTokenStore.upsert (coalesced) against a bare one-statement upsert of the same
// row through a mysql2 pool, at each concurrency, on a throwaway local server. Run from the
// repository root:
//   node --conditions=@pushreg/source --import tsx \
//     packages/adapters-mysql/scripts/measure-upsert.ts [concurrencies] [seconds]
// e.g. `16,64 5`. Environment: FLUSH=1 (durable commits, the default) or 2 for the server's
// innodb-flush-log-at-trx-commit; POOL=10 the store's pool size; IN_FLIGHT its batches in
// flight (the store's default when unset). The bare upsert gets a pool as large as the
// concurrency, so it is the ceiling for single-row writes.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import mysql from 'mysql2/promise';
import { createMysqlStores, migrateMysql } from '../src/index.js';
import { startThrowawayMysql } from '../src/testing/index.js';

const concurrencies = (process.argv[2] ?? '16,64').split(',').map(Number);
const seconds = Number(process.argv[3] ?? 5);
const flush = process.env.FLUSH === '2' ? 2 : 1;
const poolSize = Number(process.env.POOL ?? 10);
const maxInFlight = process.env.IN_FLIGHT ? Number(process.env.IN_FLIGHT) : undefined;

const digestOf = (n: number) => createHash('sha256').update(`measure-${n}`).digest();
const sealed = Buffer.alloc(200, 7);

/** CPU time (user + system) of a process in clock ticks (1/100 s on Linux). */
function cpuTicks(pid: number | null): number {
  if (pid === null) return 0;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(fields[11]) + Number(fields[12]);
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

interface Run {
  perSecond: number;
  p50: number;
  p99: number;
  cpu: string;
  batches: string;
}

let batchSizes: number[] = [];

/** Runs `op` from `concurrency` loops for the configured time. */
async function measure(concurrency: number, op: (i: number) => Promise<unknown>): Promise<Run> {
  const latencies: number[] = [];
  batchSizes = [];
  const node0 = process.cpuUsage();
  const server0 = cpuTicks(server.pid);
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = worker; Date.now() < until; i += concurrency) {
        const started = performance.now();
        await op(i);
        latencies.push(performance.now() - started);
      }
    }),
  );
  const node = process.cpuUsage(node0);
  const nodeShare = (node.user + node.system) / 1e4 / seconds;
  const serverShare = (cpuTicks(server.pid) - server0) / seconds;
  latencies.sort((a, b) => a - b);
  const sizes = [...batchSizes].sort((a, b) => a - b);
  const mean = sizes.reduce((sum, n) => sum + n, 0) / (sizes.length || 1);
  return {
    perSecond: latencies.length / seconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    cpu: `node ${nodeShare.toFixed(0)}%, server ${serverShare.toFixed(0)}%`,
    batches: sizes.length
      ? `batch mean ${mean.toFixed(1)}, p50 ${quantile(sizes, 0.5)}, max ${sizes.at(-1)}`
      : '',
  };
}

const server = await startThrowawayMysql({
  serverArgs: [`--innodb-flush-log-at-trx-commit=${flush}`],
});
try {
  const url = `${server.url}measure`;
  const admin = await mysql.createConnection(server.url);
  await admin.query('CREATE DATABASE measure');
  await admin.end();
  await migrateMysql(url);
  console.log(
    `innodb-flush-log-at-trx-commit=${flush}, ${seconds} s each, store pool ${poolSize}, ` +
      `batches in flight ${maxInFlight ?? 'default'}`,
  );
  let offset = 0;
  for (const concurrency of concurrencies) {
    const pool = mysql.createPool({ uri: url, connectionLimit: concurrency, timezone: 'Z' });
    const stores = createMysqlStores({
      url,
      poolSize,
      upsertBatching: { maxInFlight, onBatch: (writes) => batchSizes.push(writes.length) },
    });
    const bare = (n: number) =>
      pool.execute(
        `INSERT INTO registrations (digest, sealed_token, platform, app_version, locale, status,
           created_at, updated_at, expired_at, api_key_id)
         VALUES (?, ?, 'ios', '1.0.0', 'en_GB', 'active', ?, ?, NULL, 'key-a')
         ON DUPLICATE KEY UPDATE sealed_token = VALUES(sealed_token),
           updated_at = VALUES(updated_at), status = 'active', expired_at = NULL`,
        [digestOf(n), sealed, new Date(), new Date()],
      );
    const upsert = (n: number, topics: string[]) =>
      stores.tokens.upsert({
        digest: digestOf(n),
        sealedToken: sealed,
        platform: 'ios',
        appVersion: '1.0.0',
        locale: 'en_GB',
        topics,
        apiKeyId: 'key-a',
        at: new Date(),
      });
    // Each phase writes digests of its own; the "same 1000" phases reuse one set of rows.
    const fresh = () => (offset += 1e8);
    const same = fresh();
    await measure(concurrency, (n) => bare(n + fresh())); // warm-up
    const runs: Array<[string, Run, Run?]> = [];
    const bareNew = fresh();
    const bareNewRun = await measure(concurrency, (n) => bare(n + bareNew));
    runs.push(['bare upsert, new rows', bareNewRun]);
    const bareSameRun = await measure(concurrency, (n) => bare((n % 1000) + same));
    runs.push(['bare upsert, same 1000 rows', bareSameRun]);
    const storeNew = fresh();
    const topics = ['news', 'sport'];
    runs.push([
      'store, new tokens',
      await measure(concurrency, (n) => upsert(n + storeNew, topics)),
      bareNewRun,
    ]);
    runs.push([
      'store, same 1000, same topics',
      await measure(concurrency, (n) => upsert((n % 1000) + same, topics)),
      bareSameRun,
    ]);
    runs.push([
      'store, same 1000, topics changed',
      await measure(concurrency, (n) => upsert((n % 1000) + same, [`t${n % 7}`, 'sport'])),
      bareSameRun,
    ]);
    console.log(`\nconcurrency ${concurrency}`);
    for (const [name, run, base] of runs) {
      const ratio = base ? `${(run.perSecond / base.perSecond).toFixed(2)}x` : '';
      console.log(
        `${name.padEnd(34)} ${run.perSecond.toFixed(0).padStart(6)}/s ${ratio.padStart(6)}` +
          `  p50 ${run.p50.toFixed(1)} ms, p99 ${run.p99.toFixed(1)} ms  (${run.cpu})` +
          (run.batches ? `  ${run.batches}` : ''),
      );
    }
    await stores.close();
    await pool.end();
  }
} finally {
  await server.close();
}
