/**
 * Every failure the core reports carries one of these stable codes. Edges (HTTP, CLI) map codes
 * to their own vocabulary; the core never speaks of HTTP statuses.
 */
export type FailureCode =
  | 'invalid_platform'
  | 'invalid_token'
  | 'invalid_topics'
  | 'too_many_topics'
  | 'invalid_app_version'
  | 'invalid_locale'
  | 'missing_api_key'
  | 'invalid_api_key'
  | 'insufficient_scope'
  | 'invalid_api_key_name'
  | 'invalid_scope'
  | 'unknown_api_key'
  | 'invalid_keyring'
  | 'sealed_token_unreadable'
  | 'store_unavailable';

/** Base of every failure raised by pushreg code; `message` never holds a token, key or secret. */
export class PushregError extends Error {
  constructor(
    readonly code: FailureCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input that breaks a domain rule; `message` says which rule, in words a client can act on. */
export class ValidationError extends PushregError {}

/** The caller presented no API key, an unknown one, a revoked one, or lacks a scope. */
export class AuthError extends PushregError {}

/** The backing store did not answer in time or refused the connection. */
export class StoreUnavailableError extends PushregError {
  constructor(message = 'The token store is unavailable', options?: { cause?: unknown }) {
    super('store_unavailable', message, options);
  }
}

/** A sealed token could not be opened: tampered with, wrong associated data or unknown key. */
export class SealedTokenError extends PushregError {
  constructor(message = 'The sealed token could not be opened', options?: { cause?: unknown }) {
    super('sealed_token_unreadable', message, options);
  }
}

export const isPushregError = (value: unknown): value is PushregError =>
  value instanceof PushregError;
