import type {
  ExpireOutcome,
  Registration,
  RegistrationWrite,
  TokenStore,
  UpsertOutcome,
} from '@pushreg/core';
import { StoreUnavailableError } from '@pushreg/core';
import { and, eq, sql } from 'drizzle-orm';
import type { ResultSetHeader } from 'mysql2';
import type { PoolConnection } from 'mysql2/promise';
import {
  batchOutcomes,
  estimatedBytes,
  LOCKED_ROWS_RESULT,
  type LockedRow,
  multiUpsertBatch,
} from './batch-upsert-statement.js';
import { isRetryable, timedOut } from './errors.js';
import type { MysqlExecutor } from './executor.js';
import { registrations, registrationTopics } from './schema.js';
import { type QueuedWrite, UpsertCoalescer } from './upsert-coalescer.js';
import { OUTCOME_BY_INSERT_ID, UPSERT_ROW_RESULT, upsertBatch } from './upsert-statement.js';

const MAX_ATTEMPTS = 5;

/** How concurrent upserts are gathered into shared transactions. */
export interface UpsertBatching {
  /** Batches committing at once (each holds one pooled connection); 2 by default. */
  readonly maxInFlight?: number;
  /** Writes per batch; 200 by default. */
  readonly maxRows?: number;
  /** Estimated statement bytes per batch, kept well under max_allowed_packet; 1 MiB. */
  readonly maxBytes?: number;
  /** Shown the writes of each batch as it is sent (for measurement and tests). */
  readonly onBatch?: (writes: readonly RegistrationWrite[]) => void;
}

type Settled = PromiseSettledResult<UpsertOutcome>;

/**
 * TokenStore over MySQL/MariaDB: one row per digest plus one row per (digest, topic).
 * Concurrent upserts share transactions (see UpsertCoalescer); a lone one goes at once.
 */
export class MysqlTokenStore implements TokenStore {
  private readonly coalescer: UpsertCoalescer;
  private readonly onBatch: (writes: readonly RegistrationWrite[]) => void;
  /**
   * Digests whose last write failed and may still commit once a stalled server resumes. A later
   * write of one waits until it cannot (the coalescer orders upserts among themselves; this
   * orders an upsert and an expiry of the same token either way round).
   */
  private readonly unsettled = new Map<string, Promise<void>>();

  constructor(
    private readonly executor: MysqlExecutor,
    batching: UpsertBatching = {},
  ) {
    this.onBatch = batching.onBatch ?? (() => {});
    const limits = {
      maxInFlight: batching.maxInFlight ?? 2,
      maxRows: batching.maxRows ?? 200,
      maxBytes: batching.maxBytes ?? 1 << 20,
      timeoutMs: executor.timeoutMs,
    };
    this.coalescer = new UpsertCoalescer(
      (batch) => this.flush(batch),
      limits,
      estimatedBytes,
      () => executor.settled(),
    );
  }

  upsert(write: RegistrationWrite): Promise<UpsertOutcome> {
    return this.inOrder(write.digest, () => this.coalescer.submit(write));
  }

  /** Commits or rejects every upsert already made; later ones reject. Never rejects. */
  close(): Promise<void> {
    return this.coalescer.close();
  }

  private async flush(batch: readonly QueuedWrite[]): Promise<Settled[]> {
    const writes = batch.map((queued) => queued.write);
    this.onBatch(writes);
    const [first] = batch;
    if (batch.length === 1 && first) return [await settle(this.upsertOne(first))];
    const deadline = Math.min(...batch.map((queued) => queued.deadline));
    try {
      const outcomes = await this.executor.run(async ({ conn }) => {
        const results = await runTransaction(conn, multiUpsertBatch(writes));
        return batchOutcomes(writes, results[LOCKED_ROWS_RESULT] as LockedRow[]);
      }, deadline - Date.now());
      return outcomes.map((value) => ({ status: 'fulfilled', value }));
    } catch (error) {
      if (error instanceof StoreUnavailableError) return batch.map(() => rejected(error));
      return this.oneByOne(batch);
    }
  }

  // Any other failure may be one write's data (a value too long, say), which fails the whole
  // batch: each write runs alone, so only the one at fault fails, with its own error.
  private async oneByOne(batch: readonly QueuedWrite[]): Promise<Settled[]> {
    const results: Settled[] = [];
    for (const queued of batch) {
      const previous = results.at(-1);
      const down =
        previous?.status === 'rejected' && previous.reason instanceof StoreUnavailableError;
      results.push(down ? previous : await settle(this.upsertOne(queued)));
    }
    return results;
  }

  private upsertOne({ write, deadline }: QueuedWrite): Promise<UpsertOutcome> {
    const batch = upsertBatch(write);
    return this.executor.run(async ({ conn }) => {
      const results = await runTransaction(conn, batch);
      const insertId = (results[UPSERT_ROW_RESULT] as ResultSetHeader | undefined)?.insertId;
      const outcome = OUTCOME_BY_INSERT_ID[insertId ?? -1];
      if (!outcome) throw new Error('the upsert reported an unexpected insert id');
      return outcome;
    }, deadline - Date.now());
  }

  expire(digest: Uint8Array, at: Date): Promise<ExpireOutcome> {
    return this.inOrder(digest, () => this.expireNow(digest, at));
  }

  /**
   * Runs a write of a digest once an earlier failed write of it can no longer commit, failing
   * at the deadline if that takes too long; a failure of this write holds back the next one.
   */
  private async inOrder<T>(digest: Uint8Array, write: () => Promise<T>): Promise<T> {
    // The digest's key is only worked out when something failed: not on every write.
    const key = () => Buffer.from(digest).toString('hex');
    const earlier = this.unsettled.size > 0 ? this.unsettled.get(key()) : undefined;
    if (earlier) await withDeadline(earlier, this.executor.timeoutMs);
    try {
      return await write();
    } catch (error) {
      if (error instanceof StoreUnavailableError) this.holdBack(key());
      throw error;
    }
  }

  /** Makes the next write of a digest wait until the one that just failed cannot commit. */
  private holdBack(key: string): void {
    if (this.unsettled.has(key)) return;
    const settled = this.executor.settled().then(() => {
      if (this.unsettled.get(key) === settled) this.unsettled.delete(key);
    });
    this.unsettled.set(key, settled);
  }

  private expireNow(digest: Uint8Array, at: Date): Promise<ExpireOutcome> {
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

/** Sends a multi-statement transaction, again while it is a deadlock victim; its results. */
async function runTransaction(
  conn: PoolConnection,
  batch: { sql: string; values: unknown[] },
): Promise<unknown[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      const [results] = await conn.query(batch.sql, batch.values);
      return results as unknown[];
    } catch (error) {
      // A failed statement stops the batch inside its transaction: end it before anything
      // else runs on this connection. A deadlock victim was rolled back and runs again.
      await conn.query('ROLLBACK');
      if (!isRetryable(error) || attempt === MAX_ATTEMPTS) throw error;
    }
  }
}

/** Waits for `promise`, or rejects as the store being unavailable after `ms`. */
function withDeadline(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timedOut(ms)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

const settle = (promise: Promise<UpsertOutcome>): Promise<Settled> =>
  promise.then(
    (value) => ({ status: 'fulfilled', value }),
    (reason: unknown) => ({ status: 'rejected', reason }),
  );

const rejected = (reason: unknown): Settled => ({ status: 'rejected', reason });

// Topics never contain a space, so a space-separated GROUP_CONCAT splits back exactly.
const splitTopics = (joined: string | null): string[] => (joined ? joined.split(' ') : []);
