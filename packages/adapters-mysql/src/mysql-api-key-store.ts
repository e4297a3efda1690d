import type { ApiKeyRecord, ApiKeyStore, Scope } from '@pushreg/core';
import { and, asc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { MysqlExecutor } from './executor.js';
import { apiKeys } from './schema.js';

type Row = typeof apiKeys.$inferSelect;

const toRecord = (row: Row): ApiKeyRecord => ({ ...row, scopes: row.scopes as Scope[] });

/** ApiKeyStore over MySQL/MariaDB: one row per key, unique on the key's digest. */
export class MysqlApiKeyStore implements ApiKeyStore {
  constructor(private readonly executor: MysqlExecutor) {}

  insert(record: Omit<ApiKeyRecord, 'revokedAt' | 'lastUsedAt'>): Promise<void> {
    return this.executor.run(async ({ db }) => {
      await db.insert(apiKeys).values({
        ...record,
        digest: Buffer.from(record.digest),
        scopes: [...record.scopes],
      });
    });
  }

  findByDigest(digest: Uint8Array): Promise<ApiKeyRecord | null> {
    return this.executor.run(async ({ db }) => {
      const [row] = await db
        .select()
        .from(apiKeys)
        .where(eq(apiKeys.digest, Buffer.from(digest)));
      return row ? toRecord(row) : null;
    });
  }

  list(): Promise<ApiKeyRecord[]> {
    return this.executor.run(async ({ db }) => {
      const rows = await db.select().from(apiKeys).orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));
      return rows.map(toRecord);
    });
  }

  revoke(id: string, at: Date): Promise<boolean> {
    return this.executor.run(async ({ db }) => {
      // The pool counts matched rows (FOUND_ROWS), so a key revoked before still counts.
      const [result] = await db
        .update(apiKeys)
        .set({
          revokedAt: sql`coalesce(${apiKeys.revokedAt}, ${sql.param(at, apiKeys.revokedAt)})`,
        })
        .where(eq(apiKeys.id, id));
      return result.affectedRows > 0;
    });
  }

  touch(id: string, at: Date): Promise<void> {
    return this.executor.run(async ({ db }) => {
      await db
        .update(apiKeys)
        .set({ lastUsedAt: at })
        .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, at))));
    });
  }
}
