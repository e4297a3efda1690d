import type { RegistrationWrite, UpsertOutcome } from '@pushreg/core';

// The upsert is the hot path, so it is one round trip: a multi-statement batch with a
// constant text (values are escaped into the `?` placeholders by mysql2, never concatenated).
//
// The row is written with INSERT … ON DUPLICATE KEY UPDATE, which takes the row lock whether it
// inserts or updates: every writer of one digest holds it before touching that digest's topics,
// so writers queue on it and the last to commit leaves its whole topic set.
//
// What the statement did is read from the OK packet's insert id. No AUTO_INCREMENT column
// exists, so a fresh insert reports 0; on a duplicate the update evaluates
// LAST_INSERT_ID(1 or 2) from the row's status before it is overwritten, which becomes the
// reported id. The row lock makes that status exact even under concurrency.
const UPSERT_ROW = `INSERT INTO registrations
  (digest, sealed_token, platform, app_version, locale, status,
   created_at, updated_at, expired_at, api_key_id)
  VALUES (?, ?, ?, ?, ?, 'active', ?, ?, NULL, ?)
  ON DUPLICATE KEY UPDATE
    status = IF(LAST_INSERT_ID(IF(status = 'expired', 2, 1)), 'active', 'active'),
    sealed_token = VALUES(sealed_token), platform = VALUES(platform),
    app_version = VALUES(app_version), locale = VALUES(locale),
    updated_at = VALUES(updated_at), expired_at = NULL, api_key_id = VALUES(api_key_id)`;

const KEEP_ONLY_TOPICS = 'DELETE FROM registration_topics WHERE digest = ? AND topic NOT IN (?)';
const DROP_ALL_TOPICS = 'DELETE FROM registration_topics WHERE digest = ?';
// Topics already there stay untouched; new ones are added.
const ADD_TOPICS =
  'INSERT INTO registration_topics (digest, topic) VALUES ? ON DUPLICATE KEY UPDATE topic = topic';

const WITH_TOPICS = `START TRANSACTION; ${UPSERT_ROW}; ${KEEP_ONLY_TOPICS}; ${ADD_TOPICS}; COMMIT`;
const WITHOUT_TOPICS = `START TRANSACTION; ${UPSERT_ROW}; ${DROP_ALL_TOPICS}; COMMIT`;

/** Index of the row statement's result among the batch's results. */
export const UPSERT_ROW_RESULT = 1;

export const OUTCOME_BY_INSERT_ID: Readonly<Record<number, UpsertOutcome>> = {
  0: 'created',
  1: 'updated',
  2: 'reactivated',
};

/** The batch text and its values for one write. */
export function upsertBatch(write: RegistrationWrite): { sql: string; values: unknown[] } {
  const digest = Buffer.from(write.digest);
  const topics = [...new Set(write.topics)];
  const row = [
    digest,
    Buffer.from(write.sealedToken),
    write.platform,
    write.appVersion,
    write.locale,
    write.at,
    write.at,
    write.apiKeyId,
  ];
  if (topics.length === 0) return { sql: WITHOUT_TOPICS, values: [...row, digest] };
  const pairs = topics.map((topic) => [digest, topic]);
  return { sql: WITH_TOPICS, values: [...row, digest, topics, pairs] };
}
