import { randomUUID } from 'node:crypto';
import type { Request } from 'express';

const SAFE_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The caller's X-Request-Id when it is short and safe to echo and log; otherwise a new one.
 * A repeated header arrives joined by ", " and so is replaced too.
 */
export function requestIdOf(req: Request): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
}
