import type { FailureCode } from '@pushreg/core';

/** Failures that only the HTTP edge knows about, next to the core's own codes. */
export type HttpFailureCode =
  | 'malformed_json'
  | 'unreadable_body'
  | 'invalid_body'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'not_found'
  | 'method_not_allowed'
  | 'internal_error';

export type ProblemCode = FailureCode | HttpFailureCode;

export interface ProblemKind {
  readonly status: number;
  readonly title: string;
  /** Headers every response of this kind carries. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The one table from failure code to HTTP status. A code missing here is answered as
 * `internal_error` (500) and logged with its cause.
 */
export const PROBLEMS: Readonly<Partial<Record<ProblemCode, ProblemKind>>> = {
  malformed_json: { status: 400, title: 'Body is not valid JSON' },
  unreadable_body: { status: 400, title: 'Body could not be read' },
  missing_api_key: { status: 401, title: 'API key missing' },
  invalid_api_key: { status: 401, title: 'API key not valid' },
  invalid_platform: { status: 403, title: 'Unknown platform' },
  invalid_token: { status: 403, title: 'Token not valid for its platform' },
  insufficient_scope: { status: 403, title: 'API key lacks a scope' },
  not_found: { status: 404, title: 'No such resource' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  payload_too_large: { status: 413, title: 'Body too large' },
  unsupported_media_type: { status: 415, title: 'Body is not JSON' },
  invalid_body: { status: 422, title: 'Body has the wrong shape' },
  invalid_topics: { status: 422, title: 'Topics not valid' },
  too_many_topics: { status: 422, title: 'Too many topics' },
  invalid_app_version: { status: 422, title: 'App version not valid' },
  invalid_locale: { status: 422, title: 'Locale not valid' },
  internal_error: { status: 500, title: 'Internal server error' },
  store_unavailable: {
    status: 503,
    title: 'Store unavailable',
    headers: { 'Retry-After': '1' },
  },
};

export const problemType = (code: ProblemCode): string => `urn:pushreg:problem:${code}`;
