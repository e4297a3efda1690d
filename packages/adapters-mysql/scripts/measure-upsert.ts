// Measures MysqlTokenStore.upsert against a bare one-statement upsert of the same row, at the
// same concurrency, on a throwaway local server. Run from the repository root:
//   node --conditions=@pushreg/source --import tsx \
//     packages/adapters-mysql/scripts/measure-upsert.ts [concurrency] [seconds]
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import mysql from 'mysql2/promise';
import { createMysqlStores, migrateMysql } from '../src/index.js';
import { startThrowawayMysql } from '../src/testing/index.js';

const concurrency = Number(process.argv[2] ?? 64);
const seconds = Number(process.argv[3] ?? 5);
const durable = process.env.DURABLE !== '0';

const digestOf = (n: number) => createHash('sha256').update(`measure-${n}`).digest();
const sealed = Buffer.alloc(200, 7);

/** CPU time (user + system) of a process in clock ticks (1/100 s on Linux). */
function cpuTicks(pid: number | null): number {
  if (pid === null) return 0;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(fields[11]) + Number(fields[12]);
}

const cpu: Record<string, string> = {};

/** Runs `op` from `concurrency` loops for the given time; returns operations per second. */
async function throughput(op: (i: number) => Promise<unknown>, name = ''): Promise<number> {
  let done = 0;
  const node0 = process.cpuUsage();
  const server0 = cpuTicks(server.pid);
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = worker; Date.now() < until; i += concurrency) {
        await op(i);
        done++;
      }
    }),
  );
  const node = process.cpuUsage(node0);
  const nodeShare = (node.user + node.system) / 1e4 / seconds;
  const serverShare = (cpuTicks(server.pid) - server0) / seconds;
  cpu[name] = `node ${nodeShare.toFixed(0)}% of a core, server ${serverShare.toFixed(0)}%`;
  return done / seconds;
}

const server = await startThrowawayMysql({
  serverArgs: [`--innodb-flush-log-at-trx-commit=${durable ? 1 : 2}`],
});
try {
  const url = `${server.url}measure`;
  const admin = await mysql.createConnection(server.url);
  await admin.query('CREATE DATABASE measure');
  await admin.end();
  await migrateMysql(url);
  const pool = mysql.createPool({ uri: url, connectionLimit: concurrency, timezone: 'Z' });
  const stores = createMysqlStores({ url, poolSize: concurrency });
  const bare = (n: number, offset: number) =>
    pool.execute(
      `INSERT INTO registrations (digest, sealed_token, platform, app_version, locale, status,
         created_at, updated_at, expired_at, api_key_id)
       VALUES (?, ?, 'ios', '1.0.0', 'en_GB', 'active', ?, ?, NULL, 'key-a')
       ON DUPLICATE KEY UPDATE sealed_token = VALUES(sealed_token), updated_at = VALUES(updated_at),
         status = 'active', expired_at = NULL`,
      [digestOf(n + offset), sealed, new Date(), new Date()],
    );
  const upsert = (n: number, offset: number, topics: string[]) =>
    stores.tokens.upsert({
      digest: digestOf(n + offset),
      sealedToken: sealed,
      platform: 'ios',
      appVersion: '1.0.0',
      locale: 'en_GB',
      topics,
      apiKeyId: 'key-a',
      at: new Date(),
    });
  const results: Record<string, number> = {};
  await throughput((n) => bare(n, 9e8)); // warm-up
  results['bare upsert, new rows'] = await throughput((n) => bare(n, 1e9), 'bare upsert, new rows');
  results['bare upsert, same 1000 rows'] = await throughput(
    (n) => bare(n % 1000, 0),
    'bare upsert, same 1000 rows',
  );
  results['store upsert, new tokens'] = await throughput(
    (n) => upsert(n, 2e9, ['news', 'sport']),
    'store upsert, new tokens',
  );
  await throughput((n) => upsert(n % 1000, 3e9, ['news', 'sport']));
  results['store upsert, same topics'] = await throughput(
    (n) => upsert(n % 1000, 3e9, ['news', 'sport']),
    'store upsert, same topics',
  );
  results['store upsert, topics changed'] = await throughput(
    (n) => upsert(n % 1000, 3e9, [`t${n % 7}`, 'sport']),
    'store upsert, topics changed',
  );
  console.log(`concurrency ${concurrency}, ${seconds} s each, durable commits: ${durable}`);
  for (const [name, perSecond] of Object.entries(results)) {
    console.log(`${name.padEnd(30)} ${perSecond.toFixed(0).padStart(6)} /s  (${cpu[name]})`);
  }
  await stores.close();
  await pool.end();
} finally {
  await server.close();
}
