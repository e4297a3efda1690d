#!/usr/bin/env node
// Runs every packages/*/test/**/*.test.ts file under node:test with tsx. Node 20's test runner
// does not expand globs, so the files are listed here. Extra arguments are passed to node --test
// (for example a file path to run just that file).
//
// MySQL tests need a server. Starting one per test file costs seconds each, so when any file
// to run uses the MySQL test harness and PUSHREG_TEST_MYSQL_URL is unset, this starts one
// (a container when a Docker engine answers, else a throwaway mariadbd/mysqld), hands its URL to
// every test process in PUSHREG_TEST_MYSQL_URL, and stops it when the run ends.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';

const root = new URL('..', import.meta.url).pathname;
const HARNESS = new URL('../packages/adapters-mysql/src/testing/server-source.ts', import.meta.url);
const USES_MYSQL = /adapters-mysql\/testing|adapters-mysql\/src\/testing|PUSHREG_TEST_MYSQL_URL/;

function findTests(dir) {
  const found = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...findTests(path));
    else if (entry.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

const args = process.argv.slice(2);
const explicit = args.filter((a) => a.endsWith('.ts'));
const flags = args.filter((a) => !a.endsWith('.ts'));
const files =
  explicit.length > 0
    ? explicit
    : readdirSync(join(root, 'packages'))
        .map((pkg) => join(root, 'packages', pkg, 'test'))
        .filter((dir) => statSync(dir, { throwIfNoEntry: false })?.isDirectory())
        .flatMap(findTests)
        .sort();

const needsMysql = files.some((file) => USES_MYSQL.test(readFileSync(file, 'utf8')));

/** Starts the shared server when one is wanted; returns a stop function (or null). */
async function startSharedMysql(env) {
  if (!needsMysql || env.PUSHREG_TEST_MYSQL_URL) return null;
  const harness = await tsImport(HARNESS.href, import.meta.url);
  const server = await harness.acquireMysqlTestServer();
  if (!server) {
    console.error(harness.NO_MYSQL_MESSAGE);
    // The test files report the skip, or fail the run under CI=true.
    return null;
  }
  env.PUSHREG_TEST_MYSQL_URL = server.url;
  console.error(`MySQL tests use a ${server.origin} server shared by this run`);
  return () => server.stop();
}

const env = { ...process.env };
let child = null;
let interrupted = null;
const starting = startSharedMysql(env);

// Ctrl-C reaches the test processes directly (same process group); this process waits for
// them (or for the server start under way) and then stops the server rather than dying first
// and leaving it behind.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    interrupted = signal;
    child?.kill(signal);
  });
}

let stopMysql = null;
try {
  stopMysql = await starting;
} catch (error) {
  console.error('Could not start a MySQL server for the tests:', error);
  process.exit(1);
}

async function finish(code) {
  try {
    await stopMysql?.();
  } catch (error) {
    console.error('Could not stop the shared MySQL server:', error);
  }
  process.exit(code);
}

if (interrupted) {
  await finish(130);
} else {
  child = spawn(
    process.execPath,
    // A test that hangs fails after three minutes instead of holding the run until CI gives up.
    [
      '--conditions=@pushreg/source',
      '--import',
      'tsx',
      '--test',
      '--test-timeout=180000',
      ...flags,
      ...files,
    ],
    { stdio: 'inherit', cwd: root, env },
  );
  child.on('exit', (code, signal) => finish(code ?? (signal ? 1 : 0)));
}
