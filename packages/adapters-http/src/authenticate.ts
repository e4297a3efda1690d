import { AuthError, type Authenticate, type Principal } from '@pushreg/core';
import type { Request, Response } from 'express';
import { contextOf } from './context.js';

/**
 * Checks X-API-Key; handlers call it before reading the body, so a caller without a valid key
 * learns nothing about what its body would have done. Two X-API-Key headers are refused rather
 * than guessed between.
 */
export function apiKeyChecker(authenticate: Authenticate) {
  return async (req: Request, res: Response): Promise<Principal> => {
    // Node joins repeated headers with ", "; issued keys never hold a comma. (headersDistinct
    // would say the same, but builds an object of every header on each request.)
    const raw = req.headers['x-api-key'];
    const presented = Array.isArray(raw) ? raw.join(', ') : raw;
    if (presented?.includes(',')) {
      throw new AuthError('invalid_api_key', 'send exactly one X-API-Key header');
    }

    const principal = await authenticate(presented);

    contextOf(res).keyId = principal.id;
    return principal;
  };
}
