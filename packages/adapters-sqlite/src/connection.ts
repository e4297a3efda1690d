import { accessSync, constants, mkdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { StoreUnavailableError } from '@pushreg/core';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { findSqliteError, translateError } from './errors.js';
import * as schema from './schema.js';

export type SqliteDb = BetterSQLite3Database<typeof schema>;

interface Shared {
  readonly sqlite: Database.Database;
  readonly db: SqliteDb;
  users: number;
  readonly busyTimeoutMs: number;
  /** Until when writes only try the lock, after a busy timeout (ms since the epoch). */
  busyUntil: number;
}

// better-sqlite3 runs each statement to completion on the calling thread, so one connection
// serialises every write of this process and no two of its transactions ever contend. A second
// connection to the same file would contend with the first and could see SQLITE_BUSY, so every
// opener in the process shares one connection per file, closed when the last one lets go.
const connections = new Map<string, Shared>();

/** One opener's use of the shared connection to a file; members reject once released. */
export class SqliteLease {
  #released = false;

  constructor(
    /** Absolute path of the database file. */
    readonly file: string,
    private readonly shared: Shared,
    private readonly onRelease: () => void,
  ) {}

  get released(): boolean {
    return this.#released;
  }

  /** The raw connection, for work outside Drizzle (migrations, pragmas). */
  get sqlite(): Database.Database {
    return this.shared.sqlite;
  }

  /** Runs `work` in a read transaction, so its queries see one snapshot of the file. */
  read<T>(work: (db: SqliteDb) => T): Promise<T> {
    return this.#run(work, 'deferred');
  }

  /**
   * Runs `work` in a BEGIN IMMEDIATE transaction: the write lock is taken up front, so another
   * process holding it makes this wait on busy_timeout instead of failing with SQLITE_BUSY, as
   * a read transaction upgrading to a write would.
   */
  write<T>(work: (db: SqliteDb) => T): Promise<T> {
    return this.#run(work, 'immediate');
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.onRelease();
  }

  async #run<T>(work: (db: SqliteDb) => T, behavior: 'deferred' | 'immediate'): Promise<T> {
    if (this.#released)
      throw new StoreUnavailableError(`The SQLite store at ${this.file} is closed`);
    const shared = this.shared;
    // Waiting on busy_timeout blocks the only thread. After one write timed out on another
    // process's lock, writes for a moment only try the lock, so they fail at once instead of
    // each blocking in turn, and succeed at once when the lock is free again.
    const tryOnly = behavior === 'immediate' && Date.now() < shared.busyUntil;
    if (tryOnly) shared.sqlite.pragma('busy_timeout = 0');
    try {
      return shared.sqlite.transaction(() => work(shared.db))[behavior]();
    } catch (error) {
      if (findSqliteError(error)?.code.startsWith('SQLITE_BUSY')) {
        shared.busyUntil = Date.now() + BUSY_BACKOFF_MS;
      }
      throw translateError(error, this.file);
    } finally {
      if (tryOnly) shared.sqlite.pragma(`busy_timeout = ${shared.busyTimeoutMs}`);
    }
  }
}

/** How long writes only try the lock after one timed out on another process's write lock. */
const BUSY_BACKOFF_MS = 500;

/** Leases the process-wide connection to `file`, opening it (and its folder) when needed. */
export function leaseConnection(file: string, busyTimeoutMs: number): SqliteLease {
  const path = canonicalPath(file);
  let shared = connections.get(path);
  if (!shared) {
    shared = connect(path, busyTimeoutMs);
    connections.set(path, shared);
  }
  shared.users++;
  const used = shared;
  return new SqliteLease(path, used, () => {
    used.users--;
    if (used.users > 0) return;
    connections.delete(path);
    used.sqlite.close();
  });
}

/**
 * Two processes opening a new file at once can both try to switch it to WAL; SQLite may answer
 * SQLITE_BUSY there without waiting on busy_timeout, so the switch is retried within it.
 */
function switchToWal(sqlite: Database.Database, busyTimeoutMs: number): void {
  const deadline = Date.now() + busyTimeoutMs;
  for (;;) {
    try {
      sqlite.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      const busy = findSqliteError(error)?.code.startsWith('SQLITE_BUSY');
      if (!busy || Date.now() >= deadline) throw error;
      Atomics.wait(PAUSE, 0, 0, 10);
    }
  }
}

const PAUSE = new Int32Array(new SharedArrayBuffer(4));

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Creates the folder and names the file by its folder's real path, so aliases share a lease. */
function canonicalPath(file: string): string {
  const absolute = resolve(file);
  const folder = dirname(absolute);
  mkdirSync(folder, { recursive: true });
  return join(realpathSync(folder), basename(absolute));
}

function connect(path: string, busyTimeoutMs: number): Shared {
  const existing = statSync(path, { throwIfNoEntry: false });
  if (existing?.isDirectory()) {
    throw Object.assign(new Error('the path is a directory'), { code: 'EISDIR' });
  }
  // SQLite opens a file it may not write in read-only mode without complaint; every write would
  // then fail while health checks pass. Refuse at open instead.
  if (existing && !writable(path)) {
    throw Object.assign(new Error('the file is read-only'), { code: 'SQLITE_READONLY' });
  }
  const sqlite = new Database(path, { timeout: busyTimeoutMs });
  try {
    // Readers never block the writer and the writer never blocks readers, so a health check
    // or a CLI `keys list` in another process answers while the server writes.
    switchToWal(sqlite, busyTimeoutMs);
    // In WAL mode NORMAL syncs at checkpoints rather than at every commit. A commit still
    // survives a crash of the process; only a power loss or OS crash can roll back the last
    // few commits, and never corrupts the file. Clients re-register tokens routinely, so that
    // small window is worth the much cheaper commits.
    sqlite.pragma('synchronous = NORMAL');
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return { sqlite, db: drizzle(sqlite, { schema }), users: 0, busyTimeoutMs, busyUntil: 0 };
}
