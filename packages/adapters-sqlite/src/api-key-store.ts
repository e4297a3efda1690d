import { type ApiKeyRecord, type ApiKeyStore, isScope } from '@pushreg/core';
import { and, asc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { asBuffer } from './bytes.js';
import type { SqliteLease } from './connection.js';
import { apiKeys } from './schema.js';

type Row = typeof apiKeys.$inferSelect;

// A scope name this version does not know (written by a newer one) grants nothing here.
const toRecord = (row: Row): ApiKeyRecord => ({ ...row, scopes: row.scopes.filter(isScope) });

/** ApiKeyStore over the embedded SQLite file; a duplicate id or digest rejects the insert. */
export class SqliteApiKeyStore implements ApiKeyStore {
  constructor(private readonly lease: SqliteLease) {}

  insert(record: Omit<ApiKeyRecord, 'revokedAt' | 'lastUsedAt'>): Promise<void> {
    return this.lease.write((db) => {
      db.insert(apiKeys)
        .values({
          ...record,
          digest: asBuffer(record.digest),
          scopes: [...record.scopes],
          revokedAt: null,
          lastUsedAt: null,
        })
        .run();
    });
  }

  findByDigest(digest: Uint8Array): Promise<ApiKeyRecord | null> {
    return this.lease.read((db) => {
      const row = db
        .select()
        .from(apiKeys)
        .where(eq(apiKeys.digest, asBuffer(digest)))
        .get();
      return row ? toRecord(row) : null;
    });
  }

  list(): Promise<ApiKeyRecord[]> {
    return this.lease.read((db) =>
      db
        .select()
        .from(apiKeys)
        .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id))
        .all()
        .map(toRecord),
    );
  }

  revoke(id: string, at: Date): Promise<boolean> {
    return this.lease.write((db) => {
      const result = db
        .update(apiKeys)
        .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, ${at.getTime()})` })
        .where(eq(apiKeys.id, id))
        .run();
      return result.changes > 0;
    });
  }

  touch(id: string, at: Date): Promise<void> {
    return this.lease.write((db) => {
      db.update(apiKeys)
        .set({ lastUsedAt: at })
        .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, at))))
        .run();
    });
  }
}
