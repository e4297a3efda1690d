import type { Metrics } from '@pushreg/core';
import type { RequestHandler } from 'express';
import { startContext } from './context.js';
import type { HttpLogger } from './logger.js';
import { requestIdOf } from './request-id.js';

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Node accepts some thirty methods; the rare ones share a label so they cannot add series. */
export const methodLabel = (method: string): string =>
  KNOWN_METHODS.has(method) ? method : 'OTHER';

/**
 * Gives each request its id, and once the response is sent, reports it to the metrics port and
 * writes its one log line: info normally, error with the cause for a 5xx. Only labels and ids
 * are logged, never headers or bodies.
 */
export function observeRequests(deps: { metrics: Metrics; logger: HttpLogger }): RequestHandler {
  return (req, res, next) => {
    const context = startContext(res, requestIdOf(req));
    res.setHeader('X-Request-Id', context.requestId);

    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - context.startedAt) / 1e9;
      const method = methodLabel(req.method);
      const { route, requestId, keyId, code } = context;
      const status = res.statusCode;

      deps.metrics.request({ method, route, status, durationSeconds: seconds });

      const line = {
        method,
        route,
        status,
        durationMs: Math.round(seconds * 1e6) / 1e3,
        requestId,
        keyId,
        code,
      };
      if (status >= 500) deps.logger.error({ ...line, err: context.cause }, 'request failed');
      else deps.logger.info(line, 'request');
    });

    next();
  };
}
