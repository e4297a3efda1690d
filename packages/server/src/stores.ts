import { join } from 'node:path';
import { createMysqlStores, migrateMysql } from '@pushreg/adapters-mysql';
import { migrateSqlite, openSqliteStores } from '@pushreg/adapters-sqlite';
import {
  type ApiKeyStore,
  type PoolStats,
  StoreUnavailableError,
  type TokenStore,
} from '@pushreg/core';
import { type Config, ConfigError, redactUrl } from './config.js';

/** The storage the server runs on, whichever backend was configured. */
export interface Stores {
  readonly description: string;
  readonly tokens: TokenStore;
  readonly apiKeys: ApiKeyStore;
  readonly poolStats?: () => PoolStats;
  /** Applies pending migrations; safe to run again. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const SQLITE_FILE = 'pushreg.db';

function usingDataDir<T>(open: () => T): T {
  try {
    return open();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError([`${reason}; check PUSHREG_DATA_DIR`]);
  }
}

/** mysql2 parses the URL when the pool is made; its complaints never include the URL itself. */
function usingUrl<T>(open: () => T): T {
  try {
    return open();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError([`PUSHREG_DATABASE_URL cannot be used: ${reason}`]);
  }
}

/** Opens MySQL when a URL is configured, else the embedded SQLite file in the data folder. */
export function openStores(config: Config): Stores {
  if (config.databaseUrl !== null) {
    const url = config.databaseUrl;
    const mysql = usingUrl(() => createMysqlStores({ url, poolSize: config.poolSize }));
    return {
      description: `mysql ${redactUrl(url)}`,
      tokens: mysql.tokens,
      apiKeys: mysql.apiKeys,
      poolStats: () => mysql.poolStats(),
      migrate: () => migrateMysql(url),
      close: () => mysql.close(),
    };
  }

  const file = join(config.dataDir, SQLITE_FILE);
  // A short busy timeout: waiting for another process's write lock blocks the event loop.
  const sqlite = usingDataDir(() => openSqliteStores({ file, migrate: false, busyTimeoutMs: 200 }));
  return {
    description: `sqlite ${file}`,
    tokens: sqlite.tokens,
    apiKeys: sqlite.apiKeys,
    poolStats: () => sqlite.poolStats(),
    migrate: async () => {
      migrateSqlite(file);
    },
    close: async () => sqlite.close(),
  };
}

/** A database that cannot be reached at start-up is most often a wrong URL: say which. */
export async function migrateStores(stores: Stores, config: Config): Promise<void> {
  try {
    await stores.migrate();
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
    const variable = config.databaseUrl ? 'PUSHREG_DATABASE_URL' : 'PUSHREG_DATA_DIR';
    throw new ConfigError([
      `${error.message}; check ${variable} and that ${stores.description} is reachable`,
    ]);
  }
}
