import type { PoolStats } from '@pushreg/core';
import { drizzle, type MySql2Database } from 'drizzle-orm/mysql2';
import type { Pool, PoolConnection } from 'mysql2';
import type { PoolConnection as PromisePoolConnection } from 'mysql2/promise';
import { isUnavailable, timedOut, toStoreError } from './errors.js';

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

/** A connection given up at its deadline while its statements may still run on the server. */
interface Abandoned {
  /** The client port of the connection, which tells it from a later one given the same id. */
  readonly port: number | undefined;
  readonly since: number;
}

/** How often the server is asked whether abandoned connections have ended. */
const ABANDONED_CHECK_MS = 200;
/**
 * How long an abandoned connection is waited for at most: past InnoDB's default lock wait
 * (50 s), a statement it sent has failed or finished.
 */
const ABANDONED_GIVE_UP_MS = 60_000;

/**
 * Runs work on a pooled connection under a deadline. When the deadline passes first, the call
 * rejects with StoreUnavailableError; a connection still busy then is destroyed and one that
 * arrives later goes straight back to the pool.
 *
 * Destroying a connection does not take back what it sent: a stalled server that resumes still
 * runs the statements waiting in its socket, and may commit them. So the connection is recorded
 * as abandoned until the server no longer lists it, and `settled()` tells callers when every
 * abandoned connection has ended, for writes that must not overtake one.
 */
export class MysqlExecutor {
  private waiting = 0;
  private readonly sessions = new WeakMap<PoolConnection, Session>();
  private readonly abandoned = new Map<number, Abandoned>();
  private checking: Promise<void> | null = null;
  private closed = false;

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
          if (acquired) this.abandon(acquired);
          reject(timedOut(this.timeoutMs));
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

  /**
   * Resolves once every connection abandoned so far has ended on the server (or could not be
   * confirmed for a minute). Never rejects; resolves at once when none was abandoned.
   */
  settled(): Promise<void> {
    if (this.abandoned.size === 0) return Promise.resolve();
    this.checking ??= this.checkAbandoned().finally(() => {
      this.checking = null;
    });
    return this.checking;
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
    this.closed = true;
    this.abandoned.clear();
    return new Promise((resolve) => {
      this.pool.end(() => resolve());
    });
  }

  private abandon(connection: PoolConnection): void {
    const id = connection.threadId;
    if (id !== null && id !== undefined && !this.closed) {
      const socket = (connection as unknown as { stream?: { localPort?: number } }).stream;
      this.abandoned.set(id, { port: socket?.localPort, since: Date.now() });
    }
    connection.destroy();
  }

  /** Asks the server, until it answers that none is left, which abandoned connections remain. */
  private async checkAbandoned(): Promise<void> {
    while (this.abandoned.size > 0 && !this.closed) {
      await new Promise((resolve) => setTimeout(resolve, ABANDONED_CHECK_MS));
      for (const [id, connection] of this.abandoned) {
        if (Date.now() - connection.since > ABANDONED_GIVE_UP_MS) this.abandoned.delete(id);
      }
      const ids = [...this.abandoned.keys()];
      if (ids.length === 0) break;
      try {
        const listed = await this.run(async ({ conn }) => {
          const [rows] = await conn.query(
            'SELECT ID AS id, HOST AS host FROM information_schema.PROCESSLIST WHERE ID IN (?)',
            [ids],
          );
          return rows as Array<{ id: number; host: string | null }>;
        });
        for (const id of ids) {
          const port = this.abandoned.get(id)?.port;
          const still = listed.some(
            (row) =>
              Number(row.id) === id && (port === undefined || `${row.host}`.endsWith(`:${port}`)),
          );
          if (!still) this.abandoned.delete(id);
        }
      } catch {
        // The server is still away; ask again.
      }
    }
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
