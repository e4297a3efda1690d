import { resolve } from 'node:path';
import { isPushregError, type PoolStatsSource } from '@pushreg/core';
import { SqliteApiKeyStore } from './api-key-store.js';
import { leaseConnection } from './connection.js';
import { openError } from './errors.js';
import { applyMigrations } from './migrate.js';
import { SqliteTokenStore } from './token-store.js';

export interface SqliteStoreOptions {
  /** Path of the database file; its folder is created when missing. */
  readonly file: string;
  /** Apply pending migrations before returning (default true). */
  readonly migrate?: boolean;
  /**
   * How long a write waits for another process's write lock before failing with
   * StoreUnavailableError (default 5000 ms). The first opener of a file in a process sets it.
   */
  readonly busyTimeoutMs?: number;
}

/** The embedded stores over one SQLite file. */
export interface SqliteStores extends PoolStatsSource {
  /** Absolute path of the database file. */
  readonly file: string;
  readonly tokens: SqliteTokenStore;
  readonly apiKeys: SqliteApiKeyStore;
  /** Resolves when the file answers a query; rejects with StoreUnavailableError otherwise. */
  ping(): Promise<void>;
  /** Releases this opener's use of the connection; later calls on the stores reject. */
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) the SQLite file and its stores. Throws StoreUnavailableError naming
 * the path when it is a directory, not a SQLite database, or cannot be created or written.
 */
export function openSqliteStores(options: SqliteStoreOptions): SqliteStores {
  const lease = open(options.file, options.busyTimeoutMs ?? 5_000);
  try {
    if (options.migrate ?? true) applyMigrations(lease.sqlite);
  } catch (error) {
    lease.release();
    throw isPushregError(error) ? error : openError(lease.file, error);
  }
  const tokens = new SqliteTokenStore(lease);
  return {
    file: lease.file,
    tokens,
    apiKeys: new SqliteApiKeyStore(lease),
    ping: () => tokens.ping(),
    // One connection, used synchronously: between calls it is always idle, and nothing queues.
    poolStats: () => {
      const open = lease.released ? 0 : 1;
      return { limit: 1, open, idle: open, waiting: 0 };
    },
    close: async () => lease.release(),
  };
}

/** Applies pending migrations to the file (creating it if needed); returns how many ran. */
export function migrateSqlite(file: string): number {
  const lease = open(file, 5_000);
  try {
    return applyMigrations(lease.sqlite);
  } catch (error) {
    throw isPushregError(error) ? error : openError(lease.file, error);
  } finally {
    lease.release();
  }
}

function open(file: string, busyTimeoutMs: number) {
  try {
    return leaseConnection(file, busyTimeoutMs);
  } catch (error) {
    throw openError(resolve(file), error);
  }
}
