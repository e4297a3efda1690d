import type {
  ExpireOutcome,
  Registration,
  RegistrationWrite,
  TokenStore,
  UpsertOutcome,
} from '@pushreg/core';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { isDuplicateKey } from './errors.js';
import type { Db, MysqlExecutor } from './executor.js';
import { registrations, registrationTopics } from './schema.js';

/** TokenStore over MySQL/MariaDB: one row per digest plus one row per (digest, topic). */
export class MysqlTokenStore implements TokenStore {
  constructor(private readonly executor: MysqlExecutor) {}

  upsert(write: RegistrationWrite): Promise<UpsertOutcome> {
    const digest = Buffer.from(write.digest);
    const topics = [...new Set(write.topics)];
    const fields = {
      sealedToken: Buffer.from(write.sealedToken),
      platform: write.platform,
      appVersion: write.appVersion,
      locale: write.locale,
      status: 'active' as const,
      updatedAt: write.at,
      expiredAt: null,
      apiKeyId: write.apiKeyId,
    };
    // Every writer locks the registration row before touching its topics, so writers of one
    // digest run one after another and the last to commit leaves its whole topic set. Two
    // first inserts race on the primary key; the loser sees a duplicate and runs again.
    return this.executor.transaction(
      async ({ db }) => {
        const current = await lockCurrent(db, digest);
        if (!current) {
          await db.insert(registrations).values({ digest, createdAt: write.at, ...fields });
          await insertTopics(db, digest, topics);
          return 'created';
        }
        await db.update(registrations).set(fields).where(eq(registrations.digest, digest));
        await replaceTopics(db, digest, current.topics, topics);
        return current.status === 'expired' ? 'reactivated' : 'updated';
      },
      { retryOn: isDuplicateKey },
    );
  }

  expire(digest: Uint8Array, at: Date): Promise<ExpireOutcome> {
    const key = Buffer.from(digest);
    return this.executor.run(async ({ db }) => {
      // One statement in the common case; the status is read only when nothing was active,
      // and the update is tried again if a re-registration slipped in between the two.
      for (;;) {
        const [result] = await db
          .update(registrations)
          .set({ status: 'expired', expiredAt: at })
          .where(and(eq(registrations.digest, key), eq(registrations.status, 'active')));
        if (result.affectedRows > 0) return 'expired';
        const [row] = await db
          .select({ status: registrations.status })
          .from(registrations)
          .where(eq(registrations.digest, key));
        if (!row) return 'unknown';
        if (row.status === 'expired') return 'already_expired';
      }
    });
  }

  findByDigest(digest: Uint8Array): Promise<Registration | null> {
    const key = Buffer.from(digest);
    return this.executor.run(async ({ db }) => {
      // One statement, so the row and its topics come from the same snapshot.
      const [row] = await db
        .select({
          registration: registrations,
          // Drizzle would print the outer column unqualified here, so the subquery names it.
          topics: sql<string | null>`(select group_concat(t.topic separator ' ')
            from ${registrationTopics} t where t.digest = ${registrations}.digest)`,
        })
        .from(registrations)
        .where(eq(registrations.digest, key));
      if (!row) return null;
      return { ...row.registration, topics: splitTopics(row.topics) };
    });
  }

  ping(): Promise<void> {
    return this.executor.run(async ({ conn }) => {
      await conn.query('SELECT 1');
    });
  }
}

// Topics never contain a space, so a space-separated GROUP_CONCAT splits back exactly.
const splitTopics = (joined: string | null): string[] => (joined ? joined.split(' ') : []);

/** Locks the registration row (if any) and reads its status and current topics. */
async function lockCurrent(db: Db, digest: Buffer) {
  const rows = await db
    .select({ status: registrations.status, topic: registrationTopics.topic })
    .from(registrations)
    .leftJoin(registrationTopics, eq(registrationTopics.digest, registrations.digest))
    .where(eq(registrations.digest, digest))
    .for('update');
  const [first] = rows;
  if (!first) return null;
  const topics = rows.flatMap((row) => (row.topic === null ? [] : [row.topic]));
  return { status: first.status, topics };
}

async function insertTopics(db: Db, digest: Buffer, topics: readonly string[]) {
  if (topics.length === 0) return;
  await db.insert(registrationTopics).values(topics.map((topic) => ({ digest, topic })));
}

/** Deletes and inserts only the difference, so an unchanged topic set costs no statement. */
async function replaceTopics(db: Db, digest: Buffer, current: string[], wanted: string[]) {
  const keep = new Set(wanted);
  const have = new Set(current);
  const removed = current.filter((topic) => !keep.has(topic));
  const added = wanted.filter((topic) => !have.has(topic));
  if (removed.length > 0) {
    await db
      .delete(registrationTopics)
      .where(
        and(eq(registrationTopics.digest, digest), inArray(registrationTopics.topic, removed)),
      );
  }
  await insertTopics(db, digest, added);
}
