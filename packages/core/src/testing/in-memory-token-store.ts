import type {
  ExpireOutcome,
  Registration,
  RegistrationWrite,
  UpsertOutcome,
} from '../domain/registration.js';
import type { TokenStore } from '../ports/token-store.port.js';
import { hex } from './bytes.js';

/**
 * A TokenStore held in a Map, for tests and for embedding the core without a database. Each
 * member copies in and out, so callers cannot mutate stored state through a reference.
 */
export class InMemoryTokenStore implements TokenStore {
  readonly rows = new Map<string, Registration>();
  /** When set, every member rejects with this error, to simulate an unreachable store. */
  failWith: Error | null = null;

  async upsert(write: RegistrationWrite): Promise<UpsertOutcome> {
    this.check();
    const key = hex(write.digest);
    const previous = this.rows.get(key);
    this.rows.set(key, {
      digest: Uint8Array.from(write.digest),
      sealedToken: Uint8Array.from(write.sealedToken),
      platform: write.platform,
      appVersion: write.appVersion,
      locale: write.locale,
      topics: [...new Set(write.topics)],
      status: 'active',
      createdAt: previous?.createdAt ?? write.at,
      updatedAt: write.at,
      expiredAt: null,
      apiKeyId: write.apiKeyId,
    });
    if (!previous) return 'created';
    return previous.status === 'expired' ? 'reactivated' : 'updated';
  }

  async expire(digest: Uint8Array, at: Date): Promise<ExpireOutcome> {
    this.check();
    const key = hex(digest);
    const row = this.rows.get(key);
    if (!row) return 'unknown';
    if (row.status === 'expired') return 'already_expired';
    this.rows.set(key, { ...row, status: 'expired', expiredAt: at });
    return 'expired';
  }

  async findByDigest(digest: Uint8Array): Promise<Registration | null> {
    this.check();
    const row = this.rows.get(hex(digest));
    return row ? { ...row, topics: [...row.topics] } : null;
  }

  async ping(): Promise<void> {
    this.check();
  }

  private check(): void {
    if (this.failWith) throw this.failWith;
  }
}
