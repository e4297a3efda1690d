import { StoreUnavailableError } from '@pushreg/core';

/** The fields of a mysql2 (or socket) error that this adapter looks at. */
interface DriverError {
  readonly code?: string;
  readonly errno?: number;
  readonly fatal?: boolean;
}

// Socket failures, and server answers that mean "not now" rather than "your query is wrong".
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'ER_SERVER_SHUTDOWN',
  'ER_ACCESS_DENIED_ERROR',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_LOCK_DEADLOCK',
  'ER_QUERY_INTERRUPTED',
]);
// MariaDB-only codes that mysql2 has no name for: connection killed, idle client timed out.
const UNAVAILABLE_ERRNOS = new Set([1927, 4031]);

/** What a call answers when its deadline passes first, wherever it was waiting. */
export const timedOut = (ms: number): StoreUnavailableError =>
  new StoreUnavailableError(`The MySQL store did not answer within ${ms} ms`);

export const ER_DUP_ENTRY = 1062;
const RETRYABLE_ERRNOS = new Set([1205, 1213]);

/** Drizzle wraps driver errors in one whose message lists the query's parameters: unwrap it. */
export function driverError(error: unknown): unknown {
  const cause = (error as { cause?: unknown } | null)?.cause;
  const isDrizzleWrapper = (error as Error | null)?.constructor?.name === 'DrizzleQueryError';
  return isDrizzleWrapper && cause !== undefined ? cause : error;
}

const fields = (error: unknown): DriverError =>
  typeof error === 'object' && error !== null ? (error as DriverError) : {};

/** Whether the error says the server cannot be reached or cannot serve us right now. */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  const { code, errno, fatal } = fields(driverError(error));
  if (code !== undefined && UNAVAILABLE_CODES.has(code)) return true;
  if (errno !== undefined && UNAVAILABLE_ERRNOS.has(errno)) return true;
  // mysql2 marks every error that killed the connection as fatal.
  return fatal === true;
}

/** Deadlock or lock wait timeout: the transaction was rolled back and may simply run again. */
export const isRetryable = (error: unknown): boolean =>
  RETRYABLE_ERRNOS.has(fields(driverError(error)).errno ?? 0);

export const isDuplicateKey = (error: unknown): boolean =>
  fields(driverError(error)).errno === ER_DUP_ENTRY;

/**
 * Maps a failure to what the ports promise: StoreUnavailableError for connection-class
 * failures, anything else unchanged (minus Drizzle's wrapper). The message names only the
 * driver's code, never the URL, so the password cannot leak through it.
 */
export function toStoreError(error: unknown): unknown {
  if (error instanceof StoreUnavailableError) return error;
  const inner = driverError(error);
  if (!isUnavailable(inner)) return inner;
  const { code, errno } = fields(inner);
  const reason = code ?? (errno !== undefined ? `errno ${errno}` : 'connection closed');
  return new StoreUnavailableError(`The MySQL store is unavailable (${reason})`, { cause: inner });
}
