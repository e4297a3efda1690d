import {
  type ApiKeyRecord,
  checkApiKeyName,
  DEFAULT_SCOPES,
  parseScopes,
} from '../domain/api-key.js';
import { PushregError } from '../domain/failure.js';
import type { ApiKeyGenerator } from '../ports/api-key-generator.port.js';
import type { ApiKeyStore } from '../ports/api-key-store.port.js';
import type { ApiKeyVerifier } from '../ports/api-key-verifier.port.js';
import type { Clock } from '../ports/clock.port.js';

export interface ApiKeyAdminDeps {
  readonly keys: ApiKeyStore;
  readonly generator: ApiKeyGenerator;
  readonly verifier: ApiKeyVerifier;
  readonly clock: Clock;
}

export interface CreatedApiKey {
  readonly record: ApiKeyRecord;
  /** The key in clear: shown once, never stored. */
  readonly key: string;
}

/** Operator actions on API keys, as used by the CLI. */
export function makeApiKeyAdmin(deps: ApiKeyAdminDeps) {
  return {
    /** Issues a new key with the given name and scopes (tokens:write when none are given). */
    async create(name: string, scopes: readonly string[] = []): Promise<CreatedApiKey> {
      const checkedName = checkApiKeyName(name);
      const checkedScopes = scopes.length > 0 ? parseScopes(scopes) : [...DEFAULT_SCOPES];

      const { id, key, prefix } = deps.generator.generate();
      const record: ApiKeyRecord = {
        id,
        name: checkedName,
        digest: deps.verifier.digest(key),
        prefix,
        scopes: checkedScopes,
        createdAt: deps.clock.now(),
        revokedAt: null,
        lastUsedAt: null,
      };

      await deps.keys.insert(record);
      return { record, key };
    },

    /** Lists every key, revoked ones included, oldest first. */
    list: (): Promise<ApiKeyRecord[]> => deps.keys.list(),

    /** Revokes the key with this id; revoking twice is fine, an unknown id is an error. */
    async revoke(id: string): Promise<void> {
      const found = await deps.keys.revoke(id, deps.clock.now());
      if (!found) {
        // The argument is not echoed: a key pasted by mistake in place of its id is a secret.
        throw new PushregError(
          'unknown_api_key',
          'no API key has that id; see `keys list` for ids',
        );
      }
    },
  };
}

export type ApiKeyAdmin = ReturnType<typeof makeApiKeyAdmin>;
