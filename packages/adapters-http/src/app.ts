import type { Authenticate, Health, Metrics, RegisterToken, UnregisterToken } from '@pushreg/core';
import express, { type Express, type RequestHandler } from 'express';
import { apiKeyChecker } from './authenticate.js';
import { contextOf } from './context.js';
import { DEFAULT_BODY_LIMIT_BYTES, jsonBodyReader } from './json-body.js';
import type { HttpLogger } from './logger.js';
import { observeRequests } from './observe.js';
import { problemHandler } from './problem-handler.js';
import { health, methodNotAllowed, notFound, register, unregister } from './routes.js';

export interface HttpAppDeps {
  readonly registerToken: RegisterToken;
  readonly unregisterToken: UnregisterToken;
  readonly checkHealth: () => Promise<Health>;
  readonly authenticate: Authenticate;
  /** Receives one `request()` observation per finished response. */
  readonly metrics: Metrics;
  readonly logger: HttpLogger;
  /** Largest request body accepted; 64 KiB when absent. */
  readonly bodyLimitBytes?: number;
}

/** The Express app serving pushreg's HTTP API. */
export type HttpApp = Express;

/**
 * Builds the Express app serving pushreg's HTTP API; the caller owns listening and shutdown,
 * and serves it best from `http.createServer({ ...messageClassesFor(app) }, app)`.
 */
export function createHttpApp(deps: HttpAppDeps): HttpApp {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');

  const tokenRouteDeps = {
    checkApiKey: apiKeyChecker(deps.authenticate),
    readJson: jsonBodyReader(deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES),
  };

  app.use(observeRequests(deps));

  // Each handler names its route template for metrics and logs as its first step, rather than
  // through a layer of its own: every router layer costs on the register path.
  app
    .route('/health')
    .get(labelled('/health', health(deps.checkHealth)))
    .all(labelled('/health', methodNotAllowed('/health', ['GET', 'HEAD'])));

  app
    .route('/register-token')
    .post(labelled('/register-token', register(deps.registerToken, tokenRouteDeps)))
    .all(labelled('/register-token', methodNotAllowed('/register-token', ['POST'])));

  app
    .route('/unregister-token')
    .post(labelled('/unregister-token', unregister(deps.unregisterToken, tokenRouteDeps)))
    .all(labelled('/unregister-token', methodNotAllowed('/unregister-token', ['POST'])));

  app.use(notFound);
  app.use(problemHandler);
  return app;
}

/** Names the route template for metrics and logs; paths that reach no route keep the default. */
function labelled(route: string, handler: RequestHandler): RequestHandler {
  return (req, res, next) => {
    contextOf(res).route = route;
    return handler(req, res, next);
  };
}
