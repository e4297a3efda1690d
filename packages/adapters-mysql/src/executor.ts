import type { PoolStats } from '@pushreg/core';
import { StoreUnavailableError } from '@pushreg/core';
import { drizzle, type MySql2Database } from 'drizzle-orm/mysql2';
import type { Pool, PoolConnection } from 'mysql2';
import type { PoolConnection as PromisePoolConnection } from 'mysql2/promise';
import { isRetryable, isUnavailable, toStoreError } from './errors.js';

export type Db = MySql2Database;

/** One pooled connection, seen both through Drizzle and as a raw mysql2 connection. */
export interface Session {
  readonly db: Db;
  readonly conn: PromisePoolConnection;
}

export interface TransactionOptions {
  /** Also runs the transaction again after these errors (deadlocks always are). */
  readonly retryOn?: (error: unknown) => boolean;
}

const MAX_ATTEMPTS = 5;

// mysql2 keeps its pool's bookkeeping in these queues and offers no public accessor.
interface PoolInternals {
  readonly config: { readonly connectionLimit: number };
  readonly _allConnections: { readonly length: number };
  readonly _freeConnections: { readonly length: number };
}

/**
 * Runs work on a pooled connection under a deadline. When the deadline passes first, the call
 * rejects with StoreUnavailableError; a connection still busy then is destroyed (its open
 * transaction dies with it) and one that arrives later goes straight back to the pool, so
 * nothing runs after its caller was told it failed.
 */
export class MysqlExecutor {
  private waiting = 0;
  private readonly sessions = new WeakMap<PoolConnection, Session>();

  constructor(
    private readonly pool: Pool,
    private readonly timeoutMs: number,
  ) {}

  run<T>(work: (session: Session) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      let acquired: PoolConnection | undefined;
      const timer = setTimeout(() => {
        settled = true;
        acquired?.destroy();
        reject(
          new StoreUnavailableError(`The MySQL store did not answer within ${this.timeoutMs} ms`),
        );
      }, this.timeoutMs);
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(toStoreError(error));
      };
      this.waiting++;
      this.pool.getConnection((error, connection) => {
        this.waiting--;
        if (settled) {
          connection?.release();
          return;
        }
        if (error) return fail(error);
        acquired = connection;
        work(this.session(connection)).then(
          (value) => {
            connection.release();
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve(value);
          },
          (workError: unknown) => {
            // Work leaves no transaction open when a statement fails (transaction() rolls
            // back), so only a connection that broke is dropped.
            if (isUnavailable(workError)) connection.destroy();
            else connection.release();
            fail(workError);
          },
        );
      });
    });
  }

  /** Runs work inside one transaction, again after a deadlock, all under one deadline. */
  transaction<T>(work: (session: Session) => Promise<T>, options: TransactionOptions = {}) {
    return this.run(async (session) => {
      for (let attempt = 1; ; attempt++) {
        await session.conn.query('START TRANSACTION');
        try {
          const result = await work(session);
          await session.conn.query('COMMIT');
          return result;
        } catch (error) {
          await session.conn.query('ROLLBACK');
          const again = isRetryable(error) || options.retryOn?.(error) === true;
          if (!again || attempt === MAX_ATTEMPTS) throw error;
        }
      }
    });
  }

  stats(): PoolStats {
    const pool = this.pool as unknown as PoolInternals;
    return {
      limit: pool.config.connectionLimit,
      open: pool._allConnections.length,
      idle: pool._freeConnections.length,
      waiting: this.waiting,
    };
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pool.end((error) => (error ? reject(error) : resolve()));
    });
  }

  private session(connection: PoolConnection): Session {
    let session = this.sessions.get(connection);
    if (!session) {
      const conn = connection.promise();
      session = { db: drizzle({ client: conn }), conn };
      this.sessions.set(connection, session);
    }
    return session;
  }
}
