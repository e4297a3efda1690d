import type {
  ExpireOutcome,
  Registration,
  RegistrationWrite,
  TokenStore,
  UpsertOutcome,
} from '@pushreg/core';
import { eq, sql } from 'drizzle-orm';
import { asBuffer } from './bytes.js';
import type { SqliteLease } from './connection.js';
import { registrations, registrationTopics } from './schema.js';

/** TokenStore over the embedded SQLite file; each call is one transaction. */
export class SqliteTokenStore implements TokenStore {
  constructor(private readonly lease: SqliteLease) {}

  upsert(write: RegistrationWrite): Promise<UpsertOutcome> {
    const digest = asBuffer(write.digest);
    return this.lease.write((db) => {
      const previous = db
        .select({ status: registrations.status })
        .from(registrations)
        .where(eq(registrations.digest, digest))
        .get();

      const fields = {
        sealedToken: asBuffer(write.sealedToken),
        platform: write.platform,
        appVersion: write.appVersion,
        locale: write.locale,
        status: 'active' as const,
        updatedAt: write.at,
        expiredAt: null,
        apiKeyId: write.apiKeyId,
      };
      if (previous) {
        db.update(registrations).set(fields).where(eq(registrations.digest, digest)).run();
      } else {
        db.insert(registrations)
          .values({ digest, createdAt: write.at, ...fields })
          .run();
      }

      db.delete(registrationTopics).where(eq(registrationTopics.digest, digest)).run();
      const topics = [...new Set(write.topics)];
      if (topics.length > 0) {
        db.insert(registrationTopics)
          .values(topics.map((topic) => ({ digest, topic })))
          .run();
      }

      if (!previous) return 'created';
      return previous.status === 'expired' ? 'reactivated' : 'updated';
    });
  }

  expire(digest: Uint8Array, at: Date): Promise<ExpireOutcome> {
    const key = asBuffer(digest);
    return this.lease.write((db) => {
      const row = db
        .select({ status: registrations.status })
        .from(registrations)
        .where(eq(registrations.digest, key))
        .get();
      if (!row) return 'unknown';
      if (row.status === 'expired') return 'already_expired';
      db.update(registrations)
        .set({ status: 'expired', expiredAt: at })
        .where(eq(registrations.digest, key))
        .run();
      return 'expired';
    });
  }

  findByDigest(digest: Uint8Array): Promise<Registration | null> {
    const key = asBuffer(digest);
    return this.lease.read((db) => {
      const row = db.select().from(registrations).where(eq(registrations.digest, key)).get();
      if (!row) return null;
      const topics = db
        .select({ topic: registrationTopics.topic })
        .from(registrationTopics)
        .where(eq(registrationTopics.digest, key))
        .all();
      return { ...row, topics: topics.map((t) => t.topic) };
    });
  }

  /** Reads the registrations table, so a missing schema or unreadable file fails the ping. */
  ping(): Promise<void> {
    return this.lease.read((db) => {
      db.select({ one: sql`1` }).from(registrations).limit(1).get();
    });
  }
}
