import { blob, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// Blobs come back as Buffer; timestamps are integer milliseconds since the epoch, read as Date.
// TEXT keeps SQLite's default BINARY collation, so topics, ids and names compare case-sensitively.

/** One row per device token, keyed by its 32-byte lookup digest, as in the MySQL store. */
export const registrations = sqliteTable('registrations', {
  digest: blob('digest', { mode: 'buffer' }).primaryKey(),
  sealedToken: blob('sealed_token', { mode: 'buffer' }).notNull(),
  platform: text('platform', { enum: ['ios', 'android', 'web'] }).notNull(),
  appVersion: text('app_version'),
  locale: text('locale'),
  status: text('status', { enum: ['active', 'expired'] }).notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  expiredAt: integer('expired_at', { mode: 'timestamp_ms' }),
  apiKeyId: text('api_key_id').notNull(),
});

/** A registration's topic set; the (topic, digest) index lets a sender page through a topic. */
export const registrationTopics = sqliteTable(
  'registration_topics',
  {
    digest: blob('digest', { mode: 'buffer' }).notNull(),
    topic: text('topic').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.digest, t.topic] }),
    index('registration_topics_topic_digest').on(t.topic, t.digest),
  ],
);

/** API keys, stored only as a digest; scopes as a JSON array of scope names. */
export const apiKeys = sqliteTable('api_keys', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  digest: blob('digest', { mode: 'buffer' }).notNull().unique('api_keys_digest'),
  prefix: text('prefix').notNull(),
  scopes: text('scopes', { mode: 'json' }).$type<string[]>().notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
});
