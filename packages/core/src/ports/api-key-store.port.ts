import type { ApiKeyRecord } from '../domain/api-key.js';

/** Durable home of API key records; rejects with StoreUnavailableError when unreachable. */
export interface ApiKeyStore {
  /** Stores a new record (revokedAt and lastUsedAt null); rejects if its id or digest exists. */
  insert(record: Omit<ApiKeyRecord, 'revokedAt' | 'lastUsedAt'>): Promise<void>;

  /** Returns the record with this digest, revoked or not, or null when there is none. */
  findByDigest(digest: Uint8Array): Promise<ApiKeyRecord | null>;

  /** Returns every record, oldest first, revoked ones included. */
  list(): Promise<ApiKeyRecord[]>;

  /** Sets revokedAt if not yet set; returns false when no record has this id. */
  revoke(id: string, at: Date): Promise<boolean>;

  /** Records that the key was used at `at`; never moves lastUsedAt backwards. */
  touch(id: string, at: Date): Promise<void>;
}
