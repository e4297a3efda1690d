import type { Principal } from '../domain/api-key.js';
import { normalizeAppVersion, normalizeLocale, normalizeTopics } from '../domain/metadata.js';
import { parsePlatform } from '../domain/platform.js';
import type { UpsertOutcome } from '../domain/registration.js';
import { normalizeToken } from '../domain/token.js';
import type { Clock } from '../ports/clock.port.js';
import type { Metrics } from '../ports/metrics.port.js';
import type { TokenCipher } from '../ports/token-cipher.port.js';
import type { TokenHasher } from '../ports/token-hasher.port.js';
import type { TokenStore } from '../ports/token-store.port.js';
import { requireScope } from './authenticate.js';

export interface RegisterTokenInput {
  readonly token: string;
  readonly platform: string;
  readonly appVersion?: string | null | undefined;
  readonly locale?: string | null | undefined;
  /** The full topic set; absent means none, since a registration replaces the previous one. */
  readonly topics?: readonly string[] | null | undefined;
}

export interface TokenUseCaseDeps {
  readonly store: TokenStore;
  readonly cipher: TokenCipher;
  readonly hasher: TokenHasher;
  readonly metrics: Metrics;
  readonly clock: Clock;
}

export type RegisterToken = (
  input: RegisterTokenInput,
  caller: Principal,
) => Promise<UpsertOutcome>;

/** Registers a device token, or refreshes it: metadata and topics replaced, expiry undone. */
export function makeRegisterToken(deps: TokenUseCaseDeps): RegisterToken {
  return async (input, caller) => {
    requireScope(caller, 'tokens:write');

    const platform = parsePlatform(input.platform);
    const token = normalizeToken(platform, input.token);
    const topics = normalizeTopics(input.topics ?? []);
    const appVersion = normalizeAppVersion(input.appVersion);
    const locale = normalizeLocale(input.locale);

    const digest = deps.hasher.digest(token);
    const sealedToken = deps.cipher.seal(token, digest);

    const outcome = await deps.store.upsert({
      digest,
      sealedToken,
      platform,
      appVersion,
      locale,
      topics,
      apiKeyId: caller.id,
      at: deps.clock.now(),
    });

    deps.metrics.registration(platform, outcome);
    return outcome;
  };
}
