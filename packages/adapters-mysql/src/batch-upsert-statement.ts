import type { RegistrationStatus, RegistrationWrite, UpsertOutcome } from '@pushreg/core';

// Several writes (distinct digests) as one transaction in one round trip. Like the single
// upsert, the text is constant per shape and every value goes through mysql2's `?` escaping:
// an array becomes a list, an array of arrays a list of row tuples.
//
// The locking read comes first: it locks every existing row of the batch and reports each one's
// status before the batch overwrites it, which is what tells created, updated and reactivated
// apart. Rows are locked in digest order (the read walks the primary key, and the rows are
// inserted sorted), so two batches never wait on each other in a cycle.
//
// A digest absent at the read is not locked (READ COMMITTED takes no gap locks). This process
// never has one digest in two batches at once, but another process may insert it between the
// read and the insert: the row and its topics still end as one writer's (the insert waits for
// that row lock), yet both writers then report `created`. A lone write (upsert-statement.ts)
// reads the status under the row lock and has no such gap.
const LOCK_ROWS = 'SELECT digest, status FROM registrations WHERE digest IN (?) FOR UPDATE';

const UPSERT_ROWS = `INSERT INTO registrations
  (digest, sealed_token, platform, app_version, locale, status,
   created_at, updated_at, expired_at, api_key_id)
  VALUES ?
  ON DUPLICATE KEY UPDATE
    status = 'active', sealed_token = VALUES(sealed_token), platform = VALUES(platform),
    app_version = VALUES(app_version), locale = VALUES(locale),
    updated_at = VALUES(updated_at), expired_at = NULL, api_key_id = VALUES(api_key_id)`;

const DROP_TOPICS = 'DELETE FROM registration_topics WHERE digest IN (?)';
const ADD_TOPICS = 'INSERT INTO registration_topics (digest, topic) VALUES ?';

const WITH_TOPICS = `START TRANSACTION; ${LOCK_ROWS}; ${UPSERT_ROWS}; ${DROP_TOPICS}; ${ADD_TOPICS};
  COMMIT`;
const WITHOUT_TOPICS = `START TRANSACTION; ${LOCK_ROWS}; ${UPSERT_ROWS}; ${DROP_TOPICS}; COMMIT`;

/** Index of the locking read's rows among the batch's results. */
export const LOCKED_ROWS_RESULT = 1;

export interface LockedRow {
  readonly digest: Buffer;
  readonly status: RegistrationStatus;
}

/** The batch text and values for writes of distinct digests. */
export function multiUpsertBatch(writes: readonly RegistrationWrite[]): {
  sql: string;
  values: unknown[];
} {
  const items = writes
    .map((write) => ({ write, digest: Buffer.from(write.digest) }))
    .sort((a, b) => Buffer.compare(a.digest, b.digest));
  const digests = items.map((item) => item.digest);
  const rows = items.map(({ write: w, digest }) => {
    const sealed = Buffer.from(w.sealedToken);
    return [
      digest,
      sealed,
      w.platform,
      w.appVersion,
      w.locale,
      'active',
      w.at,
      w.at,
      null,
      w.apiKeyId,
    ];
  });
  const pairs = items.flatMap(({ write, digest }) =>
    [...new Set(write.topics)].map((topic) => [digest, topic]),
  );
  if (pairs.length === 0) return { sql: WITHOUT_TOPICS, values: [digests, rows, digests] };
  return { sql: WITH_TOPICS, values: [digests, rows, digests, pairs] };
}

/** Each write's outcome, from the status its row had when the batch locked it. */
export function batchOutcomes(
  writes: readonly RegistrationWrite[],
  locked: readonly LockedRow[],
): UpsertOutcome[] {
  const before = new Map(locked.map((row) => [row.digest.toString('hex'), row.status]));
  return writes.map((w) => {
    const status = before.get(Buffer.from(w.digest).toString('hex'));
    if (status === undefined) return 'created';
    return status === 'expired' ? 'reactivated' : 'updated';
  });
}

/** A generous guess at a write's share of the batch text: binary goes as hex, twice its size. */
export function estimatedBytes(write: RegistrationWrite): number {
  const topics = write.topics.reduce((sum, topic) => sum + topic.length + 80, 0);
  return 2 * write.sealedToken.length + topics + 400;
}
