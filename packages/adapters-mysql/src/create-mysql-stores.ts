import type { PoolStats } from '@pushreg/core';
import { MysqlExecutor } from './executor.js';
import { MysqlApiKeyStore } from './mysql-api-key-store.js';
import { MysqlTokenStore, type UpsertBatching } from './mysql-token-store.js';
import { createPool } from './pool.js';

export interface MysqlStoreOptions {
  /** `mysql://user:password@host:port/database` (or `mariadb://…`). */
  readonly url: string;
  /** Connections the pool may open; 10 by default. */
  readonly poolSize?: number;
  /** Longest any one store call may take, connecting included; 2000 ms by default. */
  readonly operationTimeoutMs?: number;
  /** How concurrent upserts share transactions; the defaults suit most pools. */
  readonly upsertBatching?: UpsertBatching;
}

export interface MysqlStores {
  readonly tokens: MysqlTokenStore;
  readonly apiKeys: MysqlApiKeyStore;
  /** The pool's state now, for gauges; cheap and never throws. */
  poolStats(): PoolStats;
  /** Resolves when the server answers a trivial query. */
  ping(): Promise<void>;
  /**
   * Lets upserts already made finish (or fail at their deadline), then closes every pooled
   * connection; the stores are unusable afterwards.
   */
  close(): Promise<void>;
}

/** Opens one pool shared by a token store and an API key store. Connects lazily. */
export function createMysqlStores(options: MysqlStoreOptions): MysqlStores {
  const poolSize = options.poolSize ?? 10;
  const operationTimeoutMs = options.operationTimeoutMs ?? 2000;
  const executor = new MysqlExecutor(
    createPool({ url: options.url, poolSize, operationTimeoutMs }),
    operationTimeoutMs,
  );
  const tokens = new MysqlTokenStore(executor, options.upsertBatching);
  return {
    tokens,
    apiKeys: new MysqlApiKeyStore(executor),
    poolStats: () => executor.stats(),
    ping: () => tokens.ping(),
    close: async () => {
      await tokens.close();
      await executor.close();
    },
  };
}
