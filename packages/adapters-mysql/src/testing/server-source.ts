import { dockerEngineAnswers, startMariadbContainer } from './docker.js';
import { findLocalMysqlBinary } from './local-binary.js';
import { startThrowawayMysql } from './throwaway-mysql.js';

/** Where the MySQL tests get their server, in the order they are tried. */
export type MysqlServerOrigin = 'env' | 'docker' | 'local';

export interface MysqlTestServer {
  readonly origin: MysqlServerOrigin;
  /** A URL with no database selected; tests create databases of their own in it. */
  readonly url: string;
  /** Stops the server if this process started it; a server given by URL is left alone. */
  stop(): Promise<void>;
}

export const MYSQL_TEST_URL_VARIABLE = 'PUSHREG_TEST_MYSQL_URL';

export const NO_MYSQL_MESSAGE =
  'MySQL tests skipped: no database. Install mariadb-server (or mysql-server) so mariadbd/mysqld ' +
  `is on this machine, run a Docker engine, or set ${MYSQL_TEST_URL_VARIABLE}=mysql://user:pass@host:port/`;

/** Under CI=true a missing database fails the run instead of skipping the MySQL tests. */
export const mysqlRequired = (): boolean => process.env.CI === 'true';

/**
 * Finds a server for the MySQL tests: PUSHREG_TEST_MYSQL_URL, else a mariadb:10.11 container
 * when a Docker engine answers, else a throwaway server from the local binary. Resolves null
 * when none of these exists.
 */
export async function acquireMysqlTestServer(): Promise<MysqlTestServer | null> {
  const configured = process.env[MYSQL_TEST_URL_VARIABLE];
  if (configured) return { origin: 'env', url: configured, stop: async () => {} };
  if (await dockerEngineAnswers()) {
    const container = await startMariadbContainer();
    return { origin: 'docker', ...container };
  }
  if (!findLocalMysqlBinary()) return null;
  const server = await startThrowawayMysql();
  return { origin: 'local', url: server.url, stop: () => server.close() };
}
