import type { Response } from 'express';

/** The label every path without a route shares, so scans cannot create new metric series. */
export const UNMATCHED_ROUTE = '<unmatched>';

/** What the edge learns about one request while handling it, for its log line and metrics. */
export interface RequestContext {
  readonly requestId: string;
  readonly startedAt: bigint;
  route: string;
  keyId: string | null;
  /** The stable code of the problem answered, if any. */
  code: string | null;
  /** What made the request fail with a 5xx, for the error log line. */
  cause: unknown;
}

const KEY = 'pushregContext';

export function startContext(res: Response, requestId: string): RequestContext {
  const context: RequestContext = {
    requestId,
    startedAt: process.hrtime.bigint(),
    route: UNMATCHED_ROUTE,
    keyId: null,
    code: null,
    cause: undefined,
  };
  res.locals[KEY] = context;
  return context;
}

/** The context started by the first middleware; every later handler may rely on it. */
export const contextOf = (res: Response): RequestContext => res.locals[KEY] as RequestContext;
