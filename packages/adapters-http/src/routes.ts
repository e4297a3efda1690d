import type { Health, RegisterToken, UnregisterToken } from '@pushreg/core';
import type { RequestHandler } from 'express';
import type { apiKeyChecker } from './authenticate.js';
import { HttpProblem } from './http-problem.js';
import type { jsonBodyReader } from './json-body.js';
import { parseBody, RegisterBody, UnregisterBody } from './schemas.js';
import { fixedJson, sendFixedJson } from './send-json.js';

// Clients of the original service compare these bodies byte for byte.
const HEALTHY = fixedJson({ status: 'ok', message: 'Service is running' });
const UNHEALTHY = fixedJson({ status: 'error', message: 'Database unavailable' });
const REGISTERED = fixedJson({ status: 'registered' });
const UNREGISTERED = fixedJson({ status: 'unregistered' });

interface TokenRouteDeps {
  readonly checkApiKey: ReturnType<typeof apiKeyChecker>;
  readonly readJson: ReturnType<typeof jsonBodyReader>;
}

export function health(checkHealth: () => Promise<Health>): RequestHandler {
  return async (_req, res) => {
    const state = await checkHealth();
    if (state === 'ok') sendFixedJson(res, 200, HEALTHY);
    else sendFixedJson(res, 503, UNHEALTHY);
  };
}

export function register(registerToken: RegisterToken, deps: TokenRouteDeps): RequestHandler {
  return async (req, res) => {
    const caller = await deps.checkApiKey(req, res);

    const body = parseBody(RegisterBody, await deps.readJson(req, res));

    await registerToken(
      {
        token: body.token,
        platform: body.platform,
        appVersion: body.app_ver,
        locale: body.locale,
        topics: body.topics,
      },
      caller,
    );

    sendFixedJson(res, 200, REGISTERED);
  };
}

export function unregister(unregisterToken: UnregisterToken, deps: TokenRouteDeps): RequestHandler {
  return async (req, res) => {
    const caller = await deps.checkApiKey(req, res);

    const body = parseBody(UnregisterBody, await deps.readJson(req, res));

    await unregisterToken(
      { token: body.token, platform: body.platform, appVersion: body.app_ver },
      caller,
    );

    sendFixedJson(res, 200, UNREGISTERED);
  };
}

export function methodNotAllowed(route: string, allowed: readonly string[]): RequestHandler {
  const detail = `${route} accepts only ${allowed.join(' and ')}`;
  return () => {
    throw new HttpProblem('method_not_allowed', detail, { Allow: allowed.join(', ') });
  };
}

export const notFound: RequestHandler = () => {
  throw new HttpProblem(
    'not_found',
    'no such path; the API serves /health, /register-token and /unregister-token',
  );
};
