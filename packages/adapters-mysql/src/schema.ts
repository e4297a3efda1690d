import type { Platform, RegistrationStatus } from '@pushreg/core';
import {
  datetime,
  index,
  mysqlEnum,
  mysqlTable,
  primaryKey,
  uniqueIndex,
} from 'drizzle-orm/mysql-core';
import { asciiText, bytes, wordList } from './columns.js';

/** A sealed token is at most 4096 characters of token plus the cipher's envelope. */
export const SEALED_TOKEN_MAX_BYTES = 4400;

const ms = { mode: 'date', fsp: 3 } as const;

// Spelled out rather than imported: drizzle-kit loads this file on its own, outside the
// workspace's source resolution, so only type imports from the core may appear here.
const platforms = ['ios', 'android', 'web'] as const satisfies readonly Platform[];
const statuses = ['active', 'expired'] as const satisfies readonly RegistrationStatus[];

/** One row per device token, keyed by its lookup digest so it shards evenly. */
export const registrations = mysqlTable('registrations', {
  digest: bytes('digest', { type: 'binary(32)' }).primaryKey(),
  sealedToken: bytes('sealed_token', { type: `varbinary(${SEALED_TOKEN_MAX_BYTES})` }).notNull(),
  platform: mysqlEnum('platform', platforms).notNull(),
  appVersion: asciiText('app_version', { length: 32 }),
  locale: asciiText('locale', { length: 35 }),
  status: mysqlEnum('status', statuses).notNull(),
  createdAt: datetime('created_at', ms).notNull(),
  updatedAt: datetime('updated_at', ms).notNull(),
  expiredAt: datetime('expired_at', ms),
  apiKeyId: asciiText('api_key_id', { length: 64 }).notNull(),
});

/** The topic set of each registration; the second index lets a sender page through a topic. */
export const registrationTopics = mysqlTable(
  'registration_topics',
  {
    digest: bytes('digest', { type: 'binary(32)' }).notNull(),
    topic: asciiText('topic', { length: 64 }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'registration_topics_pk', columns: [t.digest, t.topic] }),
    index('registration_topics_topic_digest_idx').on(t.topic, t.digest),
  ],
);

/** Issued API keys, found by the digest of the presented key; the key itself is never stored. */
export const apiKeys = mysqlTable(
  'api_keys',
  {
    id: asciiText('id', { length: 64 }).primaryKey(),
    name: asciiText('name', { length: 64 }).notNull(),
    digest: bytes('digest', { type: 'binary(32)' }).notNull(),
    prefix: asciiText('prefix', { length: 32 }).notNull(),
    scopes: wordList('scopes', { length: 255 }).notNull(),
    createdAt: datetime('created_at', ms).notNull(),
    revokedAt: datetime('revoked_at', ms),
    lastUsedAt: datetime('last_used_at', ms),
  },
  (t) => [uniqueIndex('api_keys_digest_idx').on(t.digest)],
);
