import type {
  ExpireOutcome,
  Registration,
  RegistrationWrite,
  TokenStore,
  UpsertOutcome,
} from '@pushreg/core';
import { and, eq, sql } from 'drizzle-orm';
import type { ResultSetHeader } from 'mysql2';
import { isRetryable } from './errors.js';
import type { MysqlExecutor } from './executor.js';
import { registrations, registrationTopics } from './schema.js';
import { OUTCOME_BY_INSERT_ID, UPSERT_ROW_RESULT, upsertBatch } from './upsert-statement.js';

const MAX_ATTEMPTS = 5;

/** TokenStore over MySQL/MariaDB: one row per digest plus one row per (digest, topic). */
export class MysqlTokenStore implements TokenStore {
  constructor(private readonly executor: MysqlExecutor) {}

  upsert(write: RegistrationWrite): Promise<UpsertOutcome> {
    const batch = upsertBatch(write);
    return this.executor.run(async ({ conn }) => {
      for (let attempt = 1; ; attempt++) {
        try {
          const [results] = await conn.query<ResultSetHeader[]>(batch.sql, batch.values);
          const outcome = OUTCOME_BY_INSERT_ID[results[UPSERT_ROW_RESULT]?.insertId ?? -1];
          if (!outcome) throw new Error('the upsert reported an unexpected insert id');
          return outcome;
        } catch (error) {
          // A failed statement stops the batch inside its transaction: end it before anything
          // else runs on this connection. A deadlock victim was rolled back and runs again.
          await conn.query('ROLLBACK');
          if (!isRetryable(error) || attempt === MAX_ATTEMPTS) throw error;
        }
      }
    });
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
