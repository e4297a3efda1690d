import mysql, { type Pool, type PoolConnection } from 'mysql2';

export interface PoolSettings {
  /** `mysql://user:password@host:port/database`; the password never appears in an error. */
  readonly url: string;
  readonly poolSize: number;
  readonly operationTimeoutMs: number;
}

/** Checks the URL without echoing it back: Node's own URL error would carry the password. */
export function checkMysqlUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('The MySQL URL is not a valid URL (expected mysql://user:pass@host/db)');
  }
  if (parsed.protocol !== 'mysql:' && parsed.protocol !== 'mariadb:') {
    throw new Error('The MySQL URL must start with mysql:// or mariadb://');
  }
  return parsed;
}

// Every connection reads committed data: a locking read of an absent row then takes no gap
// lock, so concurrent first registrations of one token queue on the row instead of
// deadlocking. Lock waits give up before the caller's deadline would. A registration's topic
// list (up to 100 topics of 64 characters) must fit in one GROUP_CONCAT.
function sessionSetup(operationTimeoutMs: number): string[] {
  const lockWaitSeconds = Math.max(1, Math.floor(operationTimeoutMs / 1000));
  return [
    'SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED',
    `SET SESSION innodb_lock_wait_timeout = ${lockWaitSeconds}, group_concat_max_len = 65536`,
  ];
}

/** A mysql2 pool whose connections fail fast, speak UTC and are set up for the stores. */
export function createPool(settings: PoolSettings): Pool {
  const url = checkMysqlUrl(settings.url);
  const pool = mysql.createPool({
    uri: url.href.replace(/^mariadb:/, 'mysql:'),
    connectionLimit: settings.poolSize,
    maxIdle: settings.poolSize,
    connectTimeout: settings.operationTimeoutMs,
    timezone: 'Z',
    enableKeepAlive: true,
    supportBigNumbers: true,
    // The upsert sends its transaction as one batch; see upsert-statement.ts.
    multipleStatements: true,
  });
  const setup = sessionSetup(settings.operationTimeoutMs);
  // Emitted before the new connection reaches its first caller, whose statements queue behind.
  pool.on('connection', (connection: PoolConnection) => {
    for (const statement of setup) {
      connection.query(statement, (error) => {
        if (error) connection.destroy();
      });
    }
  });
  return pool;
}
