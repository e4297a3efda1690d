import type { Principal } from '../domain/api-key.js';
import { normalizeAppVersion } from '../domain/metadata.js';
import { parsePlatform } from '../domain/platform.js';
import type { ExpireOutcome } from '../domain/registration.js';
import { normalizeToken } from '../domain/token.js';
import { requireScope } from './authenticate.js';
import type { TokenUseCaseDeps } from './register-token.js';

export interface UnregisterTokenInput {
  readonly token: string;
  readonly platform: string;
  /** Checked like on register, but not stored: an expired row keeps what it had. */
  readonly appVersion?: string | null | undefined;
}

export type UnregisterToken = (
  input: UnregisterTokenInput,
  caller: Principal,
) => Promise<ExpireOutcome>;

/**
 * Marks a token expired. Idempotent, and an unknown token is not an error: callers get the same
 * answer either way, so the endpoint cannot be used to probe which tokens exist.
 */
export function makeUnregisterToken(
  deps: Pick<TokenUseCaseDeps, 'store' | 'hasher' | 'metrics' | 'clock'>,
): UnregisterToken {
  return async (input, caller) => {
    requireScope(caller, 'tokens:write');

    const platform = parsePlatform(input.platform);
    const token = normalizeToken(platform, input.token);
    normalizeAppVersion(input.appVersion);

    const digest = deps.hasher.digest(token);

    const outcome = await deps.store.expire(digest, deps.clock.now());

    deps.metrics.unregistration(platform, outcome);
    return outcome;
  };
}
