import type {
  ExpireOutcome,
  Registration,
  RegistrationWrite,
  UpsertOutcome,
} from '../domain/registration.js';

/**
 * Durable home of registrations and their topic sets. Every member rejects with
 * StoreUnavailableError when the backing store cannot be reached in time.
 */
export interface TokenStore {
  /**
   * Inserts the registration or replaces the existing one with this digest, together with its
   * whole topic set, atomically; the row ends active with expiredAt null. Concurrent upserts of
   * one digest leave one row whose topic set is exactly one caller's. Resolves once committed.
   */
  upsert(write: RegistrationWrite): Promise<UpsertOutcome>;

  /** Marks the registration expired at `at` if active; leaves every other field as it was. */
  expire(digest: Uint8Array, at: Date): Promise<ExpireOutcome>;

  /** Returns the registration with its topics, or null when the digest is unknown. */
  findByDigest(digest: Uint8Array): Promise<Registration | null>;

  /** Resolves when the store answers a trivial query. */
  ping(): Promise<void>;
}
