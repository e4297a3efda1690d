import { randomBytes } from 'node:crypto';
import { after } from 'node:test';
import mysql from 'mysql2/promise';
import { migrateMysql } from '../migrate.js';
import {
  acquireMysqlTestServer,
  type MysqlTestServer,
  mysqlRequired,
  NO_MYSQL_MESSAGE,
} from './server-source.js';

/** A database of one test file's own, or the reason the file's MySQL tests are skipped. */
export interface MysqlTestDatabase {
  /** URL of the database itself; empty when skipped. */
  readonly url: string;
  /** URL of the server, no database selected; empty when skipped. */
  readonly serverUrl: string;
  readonly name: string;
  /** false, or the message to pass as `{ skip }` to the file's describe blocks. */
  readonly skip: string | false;
}

let server: Promise<MysqlTestServer | null> | null = null;
const cleanups: Array<() => Promise<void>> = [];

/** One server per test process, and one hook that drops its databases, then stops it. */
function testServer(): Promise<MysqlTestServer | null> {
  if (!server) {
    server = acquireMysqlTestServer();
    after(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
      await (await server)?.stop();
    });
  }
  return server;
}

/** Runs one statement on the server over a short-lived connection. */
export async function runOnServer(serverUrl: string, statement: string): Promise<void> {
  const connection = await mysql.createConnection({ uri: serverUrl, connectTimeout: 10_000 });
  try {
    await connection.query(statement);
  } finally {
    await connection.end();
  }
}

/**
 * Creates `pushreg_t_<random>` for the calling test file (call it at the top level, before any
 * test), migrated unless `migrate: false`, and drops it when the file's tests end. With no
 * server anywhere it returns a skip message — or throws under CI=true, failing the file.
 */
export async function useMysqlTestDatabase(
  options: { migrate?: boolean } = {},
): Promise<MysqlTestDatabase> {
  const found = await testServer();
  if (!found) {
    if (mysqlRequired()) throw new Error(`CI=true requires a MySQL database. ${NO_MYSQL_MESSAGE}`);
    return { url: '', serverUrl: '', name: '', skip: NO_MYSQL_MESSAGE };
  }
  const name = `pushreg_t_${randomBytes(6).toString('hex')}`;
  await runOnServer(found.url, `CREATE DATABASE \`${name}\``);
  cleanups.push(() => runOnServer(found.url, `DROP DATABASE IF EXISTS \`${name}\``));
  const url = new URL(found.url);
  url.pathname = `/${name}`;
  if (options.migrate !== false) await migrateMysql(url.href);
  return { url: url.href, serverUrl: found.url, name, skip: false };
}
