import { StoreUnavailableError } from '@pushreg/core';
import { DrizzleQueryError } from 'drizzle-orm/errors';

interface SqliteErrorLike extends Error {
  readonly code: string;
}

// Codes that say the file could not be reached or written right now, not that a query was wrong.
const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL|READONLY|PROTOCOL|NOTADB|CORRUPT)/;

/** Finds better-sqlite3's own error below Drizzle's wrapper, if there is one. */
export function findSqliteError(error: unknown): SqliteErrorLike | null {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as Partial<SqliteErrorLike>).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) return e as SqliteErrorLike;
  }
  return null;
}

/**
 * Turns a failure of a store call into what callers may see. Drizzle's wrapper is dropped because
 * its message lists the bound parameters (digests, sealed tokens); the driver's error is kept.
 */
export function translateError(error: unknown, file: string): unknown {
  const sqlite = findSqliteError(error);
  if (!sqlite) return error instanceof DrizzleQueryError ? error.cause : error;
  if (UNAVAILABLE.test(sqlite.code)) {
    return new StoreUnavailableError(
      `The SQLite store at ${file} is unavailable (${sqlite.code})`,
      {
        cause: sqlite,
      },
    );
  }
  return sqlite;
}

/** A failure to open or migrate the file, with the path and a reason an operator can act on. */
export function openError(file: string, error: unknown): StoreUnavailableError {
  return new StoreUnavailableError(`Cannot open the SQLite store at ${file}: ${reason(error)}`, {
    cause: error,
  });
}

function reason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (true) {
    case code === 'EISDIR':
      return 'it is a directory, not a database file';
    case code === 'SQLITE_NOTADB':
      return 'the file exists but is not a SQLite database';
    case code === 'SQLITE_CANTOPEN':
      return 'the file cannot be opened or created; check that its folder exists and is writable';
    case typeof code === 'string' && code.startsWith('SQLITE_READONLY'):
      return 'the file or its folder is read-only (WAL mode needs to write beside the file)';
    case code === 'ENOTDIR' || code === 'EACCES' || code === 'EPERM' || code === 'EROFS':
      return `its folder cannot be created (${code})`;
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
