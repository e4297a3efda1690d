import type { Principal, Scope } from '../domain/api-key.js';
import { AuthError } from '../domain/failure.js';
import type { ApiKeyStore } from '../ports/api-key-store.port.js';
import type { ApiKeyVerifier } from '../ports/api-key-verifier.port.js';
import type { Clock } from '../ports/clock.port.js';

export interface AuthenticateDeps {
  readonly keys: ApiKeyStore;
  readonly verifier: ApiKeyVerifier;
  readonly clock: Clock;
  /**
   * How long a verified key is trusted without asking the store again; this is also the longest
   * a revoked key keeps working. 0 disables the cache.
   */
  readonly cacheTtlMs?: number;
  /** Most entries the cache holds; the oldest is dropped first. */
  readonly cacheSize?: number;
}

export const DEFAULT_KEY_CACHE_TTL_MS = 5_000;

export type Authenticate = (presentedKey: string | undefined) => Promise<Principal>;

/**
 * Turns the presented API key into the principal it belongs to, or throws AuthError. Only keys
 * that verified are cached, so a key created a moment ago works at once.
 */
export function makeAuthenticate(deps: AuthenticateDeps): Authenticate {
  const ttl = deps.cacheTtlMs ?? DEFAULT_KEY_CACHE_TTL_MS;
  const size = deps.cacheSize ?? 1_000;
  const cache = new Map<string, { principal: Principal; until: number }>();

  return async (presentedKey) => {
    const key = presentedKey?.trim() ?? '';
    if (key === '')
      throw new AuthError('missing_api_key', 'send an API key in the X-API-Key header');

    // Keyed by the key itself: on the hot path a hit costs one map lookup, no hashing. The
    // process holds presented keys in memory while it serves them anyway.
    const now = deps.clock.now();
    const cached = cache.get(key);
    if (cached && cached.until > now.getTime()) return cached.principal;

    if (!deps.verifier.isWellFormed(key)) throw invalidKey();
    const digest = deps.verifier.digest(key);

    const record = await deps.keys.findByDigest(digest);
    if (!record || record.revokedAt) {
      cache.delete(key);
      throw invalidKey();
    }

    const principal: Principal = { id: record.id, name: record.name, scopes: record.scopes };
    if (ttl > 0) {
      if (cache.size >= size) cache.delete(cache.keys().next().value as string);
      cache.set(key, { principal, until: now.getTime() + ttl });
    }
    // Last-used is advisory and written at most once per cache period; a failed write must not
    // fail the request it describes.
    deps.keys.touch(record.id, now).catch(() => {});
    return principal;
  };
}

/** Throws unless the caller holds `scope`. */
export function requireScope(caller: Principal, scope: Scope): void {
  if (!caller.scopes.includes(scope)) {
    throw new AuthError('insufficient_scope', `this API key lacks the ${scope} scope`);
  }
}

const invalidKey = () =>
  new AuthError('invalid_api_key', 'the API key is not valid or has been revoked');
