import type { PoolStats } from '@pushreg/core';
import { StoreUnavailableError } from '@pushreg/core';
import { drizzle, type MySql2Database } from 'drizzle-orm/mysql2';
import type { Pool, PoolConnection } from 'mysql2';
import type { PoolConnection as PromisePoolConnection } from 'mysql2/promise';
import { isUnavailable, toStoreError } from './errors.js';

export type Db = MySql2Database;

/** One pooled connection, seen both through Drizzle and as a raw mysql2 connection. */
export interface Session {
  readonly db: Db;
  readonly conn: PromisePoolConnection;
}

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
    /** The deadline of one call, from when it is made. */
    readonly timeoutMs: number,
  ) {}

  /** `timeoutMs` shortens the deadline for work whose caller has already waited. */
  run<T>(work: (session: Session) => Promise<T>, timeoutMs = this.timeoutMs): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      let acquired: PoolConnection | undefined;
      const timer = setTimeout(
        () => {
          settled = true;
          acquired?.destroy();
          reject(
            new StoreUnavailableError(`The MySQL store did not answer within ${this.timeoutMs} ms`),
          );
        },
        Math.max(0, timeoutMs),
      );
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
            // Work leaves no transaction open when it fails (it rolls back what it began),
            // so only a connection that broke is dropped.
            if (isUnavailable(workError)) connection.destroy();
            else connection.release();
            fail(workError);
          },
        );
      });
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

  /** Ends the pool; a connection that is already broken needs no ending, so never rejects. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.pool.end(() => resolve());
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
