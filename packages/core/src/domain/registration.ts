import type { Platform } from './platform.js';

export type RegistrationStatus = 'active' | 'expired';

/** A stored device token: found by its keyed digest, kept only in sealed form. */
export interface Registration {
  /** HMAC-SHA256 of the normalized token: the primary key, 32 bytes. */
  readonly digest: Uint8Array;
  /** The normalized token sealed by the TokenCipher with `digest` as associated data. */
  readonly sealedToken: Uint8Array;
  readonly platform: Platform;
  readonly appVersion: string | null;
  readonly locale: string | null;
  /** Distinct topics; order carries no meaning. */
  readonly topics: readonly string[];
  readonly status: RegistrationStatus;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** When it was last marked expired; null while it has never been, or since reactivation. */
  readonly expiredAt: Date | null;
  /** Id of the API key that last wrote it. */
  readonly apiKeyId: string;
}

/** What a register writes: everything but status and timestamps, which the store derives. */
export interface RegistrationWrite {
  readonly digest: Uint8Array;
  readonly sealedToken: Uint8Array;
  readonly platform: Platform;
  readonly appVersion: string | null;
  readonly locale: string | null;
  readonly topics: readonly string[];
  readonly apiKeyId: string;
  /** Becomes updatedAt, and createdAt when the digest is new. */
  readonly at: Date;
}

/** What an upsert did: inserted a new digest, rewrote an active one, or revived an expired one. */
export type UpsertOutcome = 'created' | 'updated' | 'reactivated';

/** What an expire did: expired an active row, found it already expired, or found nothing. */
export type ExpireOutcome = 'expired' | 'already_expired' | 'unknown';
