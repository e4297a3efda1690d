// `pnpm bench`: measures POST /register-token of the built server against two ceilings measured
// in the same run (bare node:http, bare mysql2 upserts), checks the rows landed, profiles the
// server under load, and writes docs/benchmarks.md. Loopback only; stops all it starts.
import { copyFile, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  findLocalMysqlBinary,
  runOnServer,
  startThrowawayMysql,
} from '@pushreg/adapters-mysql/testing';
import mysql from 'mysql2/promise';
import { autocannonGenerator } from './autocannon-generator.js';
import { type BodySet, writeBodySet } from './bodies.js';
import { startChild, stopChild, waitForLine } from './children.js';
import { cleanUp, cleanUpOnSignals, onCleanup } from './cleanup.js';
import { DB_SERVER_ARGS } from './db-settings.js';
import { writeDocs } from './docs.js';
import type { LoadGenerator, LoadResult } from './load.js';
import { describeMachine } from './machine.js';
import { renderPage } from './page.js';
import { loadAverage, peakResidentBytes, sampleResident, watchCpu } from './proc.js';
import { type ProfileSummary, summariseProfile } from './profile.js';
import { createRawTable, measureRawUpserts, prepareRawRows } from './raw-upsert.js';
import {
  type Measured,
  profileTables,
  resultsTable,
  storedParagraph,
  type TargetCheck,
  targetsTable,
} from './report.js';
import { checkStored, type SentRun } from './verify.js';
import {
  buildWorkspace,
  createApiKey,
  generateSecrets,
  gitState,
  ROOT,
  type ServerEnv,
  startServer,
} from './workspace.js';
import { wrkGenerator, wrkVersion } from './wrk.js';

// `pnpm bench -- --pool 32` may hand the script a leading '--'.
const argv = process.argv.slice(2);
const { values: flags } = parseArgs({
  args: argv[0] === '--' ? argv.slice(1) : argv,
  options: {
    seconds: { type: 'string', default: '10' },
    pool: { type: 'string', default: '16' },
    'no-profile': { type: 'boolean', default: false },
    'no-docs': { type: 'boolean', default: false },
  },
});
const SECONDS = Number(flags.seconds);
const POOL_SIZE = Number(flags.pool);
const CONCURRENCIES = [16, 64] as const;
const WARM_UP_SECONDS = 3;
// Bodies prepared per second of run; a faster run wraps around and re-sends them as updates.
const BODIES_PER_SECOND = 20_000;

const say = (line: string) => process.stdout.write(`bench: ${line}\n`);
const BENCH_DIR = fileURLToPath(new URL('../', import.meta.url));

async function main(): Promise<number> {
  cleanUpOnSignals();
  if (!findLocalMysqlBinary()) {
    process.stderr.write(
      'bench: no MariaDB/MySQL server binary found (mariadbd or mysqld).\n' +
        '  Debian/Ubuntu: sudo apt-get install mariadb-server\n' +
        '  macOS:         brew install mariadb\n',
    );
    return 1;
  }
  const wrk = wrkVersion();
  const generator: LoadGenerator = wrk ? wrkGenerator(wrk) : autocannonGenerator;
  say(`load generator: ${generator.name}${wrk ? '' : ' (install wrk to take less CPU)'}`);
  const loadBefore = loadAverage();
  const started = new Date();
  const git = await gitState();

  const work = await mkdtemp(join(tmpdir(), 'pushreg-bench-'));
  onCleanup(() => rm(work, { recursive: true, force: true }));

  say('building the workspace (pnpm build)');
  const buildStarted = Date.now();
  await buildWorkspace();
  say(`built in ${((Date.now() - buildStarted) / 1000).toFixed(0)} s`);

  say('starting a throwaway MariaDB');
  const db = await startThrowawayMysql({ serverArgs: DB_SERVER_ARGS });
  onCleanup(() => db.close());
  await runOnServer(db.url, 'CREATE DATABASE pushreg_bench');
  const databaseUrl = `${db.url}pushreg_bench`;
  const mariadbVersion = await serverVersion(databaseUrl);
  const mariadbPid = await readPid(join(db.dataDir, 'server.pid'));

  const secrets = await generateSecrets();
  const serverEnv: ServerEnv = { databaseUrl, ...secrets, poolSize: POOL_SIZE, logLevel: 'warn' };
  say('creating an API key with the CLI (this also applies the migrations)');
  const apiKey = await createApiKey(serverEnv);
  await createRawTable(databaseUrl);

  say('preparing request bodies');
  const bodyFor = async (name: string, connections: number, seconds: number) => {
    const threads = generator.threads(connections);
    const perThread = Math.ceil((seconds * BODIES_PER_SECOND) / threads);
    const gap = Math.ceil(connections / threads) * 2;
    return writeBodySet(work, name, threads, perThread, gap);
  };
  const warmBodies = await bodyFor('warm', 64, WARM_UP_SECONDS);
  const runBodies = new Map<number, BodySet>();
  for (const c of CONCURRENCIES) runBodies.set(c, await bodyFor(`c${c}`, c, SECONDS));
  // The later runs get fresh bodies of the same mix: replaying the c64 bodies would make every
  // request a re-registration, which costs the database more than a new token.
  const infoBodies = await bodyFor('info', 64, SECONDS);
  const profileBodies = flags['no-profile'] ? null : await bodyFor('profile', 64, SECONDS);

  const rows: Measured[] = [];
  const measure = async (
    label: string,
    connections: number,
    pid: number | null,
    drive: () => Promise<LoadResult>,
  ) => {
    const rss = pid ? sampleResident(pid) : null;
    const cpu = watchCpu({ server: pid ?? process.pid, mariadb: mariadbPid });
    const from = performance.now();
    const result = await drive();
    const elapsed = (performance.now() - from) / 1000;
    const m: Measured = {
      label,
      connections,
      result,
      peakRss: rss ? rss.stop() : null,
      cpu: cpu.stop(),
      seconds: elapsed,
    };
    rows.push(m);
    say(
      `${label} c${connections}: ${result.rps.toFixed(0)} req/s, ` +
        `p50 ${result.p50Ms.toFixed(2)} ms, ` +
        `p99 ${result.p99Ms.toFixed(2)} ms, errors ${result.errors}, non-2xx ${result.non2xx}`,
    );
    return m;
  };
  const drive = (url: string, connections: number, seconds: number, bodies: BodySet) =>
    generator.run({
      url,
      connections,
      seconds,
      filePattern: bodies.files[0]?.replace(/-t0\.jsonl$/, '-t%d.jsonl') ?? '',
      apiKey,
    });

  // 1. The server itself.
  say(`starting the built server (pool ${POOL_SIZE}, log level warn)`);
  const server = await startServer(serverEnv, join(work, 'server.log'));
  const registerUrl = `${server.url}/register-token`;
  const warm = await drive(registerUrl, 64, WARM_UP_SECONDS, warmBodies);
  say(`warm-up: ${warm.rps.toFixed(0)} req/s`);
  const sent: SentRun[] = [{ bodies: warmBodies, result: warm, connections: 64 }];
  const register = new Map<number, Measured>();
  for (const c of CONCURRENCIES) {
    const bodies = runBodies.get(c) as BodySet;
    const m = await measure('register-token', c, server.pid, () =>
      drive(registerUrl, c, SECONDS, bodies),
    );
    register.set(c, m);
    sent.push({ bodies, result: m.result, connections: c });
  }
  const serverPeak = peakResidentBytes(server.pid) ?? 0;
  await stopChild(server.child);

  say('checking that acknowledged registrations are in the database');
  const stored = await checkStored(databaseUrl, secrets.lookupKey, sent);
  say(storedParagraph(stored));
  const wrapped = sent.some((run) =>
    run.bodies.sequences.some((seq, t) => (run.result.sentByThread[t] ?? 0) > seq.length),
  );

  // 2. Ceiling: node:http alone with the same bodies.
  say('bare node:http ceiling');
  const bare = startChild('node', [join(BENCH_DIR, 'src/bare-server.mjs')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [, barePort] = await waitForLine(bare, /listening (\d+)/);
  const bareUrl = `http://127.0.0.1:${barePort}/register-token`;
  await drive(bareUrl, 64, 2, warmBodies);
  const bareRows = new Map<number, Measured>();
  for (const c of CONCURRENCIES) {
    const bodies = runBodies.get(c) as BodySet;
    bareRows.set(
      c,
      await measure('bare node:http', c, bare.pid ?? null, () =>
        drive(bareUrl, c, SECONDS, bodies),
      ),
    );
  }
  await stopChild(bare);

  // 3. Ceiling: mysql2 upserts of the same row shape, in this process.
  say(`raw mysql2 upsert ceiling (pool ${POOL_SIZE})`);
  const rawOptions = (concurrency: number, seconds: number) => ({
    databaseUrl,
    ...secrets,
    concurrency,
    poolSize: POOL_SIZE,
    seconds,
    rows: seconds * BODIES_PER_SECOND,
  });
  await measureRawUpserts(rawOptions(64, 2));
  const rawRows = new Map<number, Measured>();
  for (const c of CONCURRENCIES) {
    const options = rawOptions(c, SECONDS);
    const prepared = prepareRawRows(options);
    const m = await measure('raw mysql2 upsert', c, null, () =>
      measureRawUpserts(options, prepared),
    );
    rawRows.set(c, m);
  }

  // 4. What per-request info logging costs: the same server at info, log to a file.
  say('register-token with per-request info logging');
  const infoLog = join(work, 'server-info.log');
  const infoServer = await startServer({ ...serverEnv, logLevel: 'info' }, infoLog);
  await drive(`${infoServer.url}/register-token`, 64, 2, warmBodies);
  const info = await measure('register-token, log info', 64, infoServer.pid, () =>
    drive(`${infoServer.url}/register-token`, 64, SECONDS, infoBodies),
  );
  await stopChild(infoServer.child);
  const infoLogBytes = (await stat(infoLog)).size;

  // 5. Where the time goes: the same load on a server under --cpu-prof.
  let profile: ProfileSummary | null = null;
  let profiledRps = 0;
  if (profileBodies) {
    say('profiling register-token at 64 connections (node --cpu-prof)');
    const profDir = join(work, 'profile');
    const profiled = await startServer(serverEnv, join(work, 'server-prof.log'), [
      '--cpu-prof',
      `--cpu-prof-dir=${profDir}`,
    ]);
    await drive(`${profiled.url}/register-token`, 64, 2, warmBodies);
    const fromUs = Number(process.hrtime.bigint() / 1000n);
    const during = await drive(`${profiled.url}/register-token`, 64, SECONDS, profileBodies);
    const toUs = Number(process.hrtime.bigint() / 1000n);
    profiledRps = during.rps;
    say(`under the profiler: ${during.rps.toFixed(0)} req/s`);
    await stopChild(profiled.child);
    const [file] = (await readdir(profDir)).filter((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('the profiled server wrote no .cpuprofile (did it exit cleanly?)');
    profile = summariseProfile(join(profDir, file), { fromUs, toUs });
    const keep = join(ROOT, '.bench');
    await mkdir(keep, { recursive: true });
    await copyFile(join(profDir, file), join(keep, 'register-token-c64.cpuprofile'));
    say('profile kept in .bench/register-token-c64.cpuprofile (open it in Chrome DevTools)');
  }

  // 6. Report.
  const table = resultsTable([
    ...CONCURRENCIES.map((c) => register.get(c) as Measured),
    info,
    ...CONCURRENCIES.map((c) => bareRows.get(c) as Measured),
    ...CONCURRENCIES.map((c) => rawRows.get(c) as Measured),
  ]);
  const ratio = (c: number, ceiling: Map<number, Measured>) =>
    (register.get(c)?.result.rps ?? 0) / (ceiling.get(c)?.result.rps ?? 1);
  const ratios = [
    '| conns | register / raw upsert | register / bare node:http |',
    '| ---: | ---: | ---: |',
    ...CONCURRENCIES.map(
      (c) => `| ${c} | ${ratio(c, rawRows).toFixed(2)} × | ${ratio(c, bareRows).toFixed(2)} × |`,
    ),
  ].join('\n');
  const at64 = register.get(64) as Measured;
  const errorsAll = [...register.values()].reduce(
    (n, m) => n + m.result.errors + m.result.non2xx,
    0,
  );
  const checks: TargetCheck[] = [
    {
      name: 'register-token c64 vs raw upsert',
      wanted: '≥ 0.6 × (stretch ≥ 1.0 ×)',
      got: `${ratio(64, rawRows).toFixed(2)} ×`,
      met: ratio(64, rawRows) >= 0.6,
    },
    {
      name: 'errors and non-2xx (c16 + c64)',
      wanted: '0',
      got: String(errorsAll),
      met: errorsAll === 0,
    },
    {
      name: 'p99 at c64',
      wanted: '≤ 25 ms',
      got: `${at64.result.p99Ms.toFixed(1)} ms`,
      met: at64.result.p99Ms <= 25,
    },
    {
      name: 'server peak RSS (VmHWM)',
      wanted: '≤ 200 MiB',
      got: `${(serverPeak / 2 ** 20).toFixed(0)} MiB`,
      met: serverPeak <= 200 * 2 ** 20,
    },
    {
      name: 'acknowledged rows stored',
      wanted: 'all',
      got: stored.ok ? 'all' : 'missing',
      met: stored.ok,
    },
  ];
  const infoCost = 1 - info.result.rps / at64.result.rps;
  process.stdout.write(`\n${table}\n\n${ratios}\n\n${targetsTable(checks)}\n\n`);

  if (!flags['no-docs']) {
    const machine = describeMachine();
    writeDocs(join(ROOT, 'docs/benchmarks.md'), (analysis) =>
      renderPage({
        date: started,
        machine,
        mariadbVersion,
        generator: generator.name,
        git,
        loadBefore,
        seconds: SECONDS,
        warmUpSeconds: WARM_UP_SECONDS,
        poolSize: POOL_SIZE,
        table,
        ratios,
        targets: targetsTable(checks),
        stored:
          storedParagraph(stored) +
          (wrapped
            ? ' Some runs outran their prepared bodies and wrapped around, so more than a ' +
              'fifth of their requests were re-registrations.'
            : ''),
        infoCostPercent: 100 * infoCost,
        infoLogBytesPerRequest: infoLogBytes / Math.max(1, info.result.requests),
        profile: profile
          ? `Register-token at 64 connections for ${SECONDS} s under \`node --cpu-prof\` ` +
            `(${profiledRps.toFixed(0)} req/s while profiled); only samples inside the ` +
            `measured window count, not start-up or warm-up. The whole profile is kept in ` +
            '`.bench/register-token-c64.cpuprofile` for Chrome DevTools.\n\n' +
            profileTables(profile)
          : null,
        analysis,
      }),
    );
    say('wrote docs/benchmarks.md');
  }
  // Missed performance targets are reported, not failed; rows that went missing are a bug.
  return stored.ok ? 0 : 1;
}

async function serverVersion(url: string): Promise<string> {
  const connection = await mysql.createConnection({ uri: url });
  try {
    const [rows] = await connection.query('SELECT VERSION() AS v');
    return String((rows as { v: string }[])[0]?.v ?? 'unknown');
  } finally {
    await connection.end();
  }
}

async function readPid(file: string): Promise<number | null> {
  try {
    const { readFile } = await import('node:fs/promises');
    return Number((await readFile(file, 'utf8')).trim()) || null;
  } catch {
    return null;
  }
}

main()
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  )
  .finally(() => cleanUp());
