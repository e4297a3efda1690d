import type { ApiKeyStoreProbes, TokenStoreProbes } from '@pushreg/core/testing';
import mysql from 'mysql2/promise';

/** A plain mysql2 pool on the test database, bypassing the adapter: the probes' eyes. */
export function rawPool(url: string): mysql.Pool {
  return mysql.createPool({ uri: url, connectionLimit: 2, timezone: 'Z' });
}

type Row = Record<string, unknown>;

export async function select(pool: mysql.Pool, query: string, params: unknown[] = []) {
  const [rows] = await pool.query(query, params);
  return rows as Row[];
}

const date = (value: unknown): Date | null => (value === null ? null : (value as Date));

export function tokenStoreProbes(pool: mysql.Pool): TokenStoreProbes {
  const readTopicRows = async (digest: Uint8Array) =>
    (
      await select(pool, 'SELECT topic FROM registration_topics WHERE digest = ?', [
        Buffer.from(digest),
      ])
    ).map((row) => String(row.topic));
  return {
    readTopicRows,
    countRegistrationRows: async (digest) => {
      const [row] = await select(pool, 'SELECT COUNT(*) AS n FROM registrations WHERE digest = ?', [
        Buffer.from(digest),
      ]);
      return Number(row?.n);
    },
    readRegistration: async (digest) => {
      const [row] = await select(pool, 'SELECT * FROM registrations WHERE digest = ?', [
        Buffer.from(digest),
      ]);
      if (!row) return null;
      return {
        digest: row.digest as Buffer,
        sealedToken: row.sealed_token as Buffer,
        platform: row.platform as 'ios' | 'android' | 'web',
        appVersion: row.app_version as string | null,
        locale: row.locale as string | null,
        topics: await readTopicRows(digest),
        status: row.status as 'active' | 'expired',
        createdAt: row.created_at as Date,
        updatedAt: row.updated_at as Date,
        expiredAt: date(row.expired_at),
        apiKeyId: row.api_key_id as string,
      };
    },
  };
}

export function apiKeyStoreProbes(pool: mysql.Pool): ApiKeyStoreProbes {
  return {
    countApiKeyRows: async () => {
      const [row] = await select(pool, 'SELECT COUNT(*) AS n FROM api_keys');
      return Number(row?.n);
    },
    readApiKey: async (id) => {
      const [row] = await select(pool, 'SELECT * FROM api_keys WHERE id = ?', [id]);
      if (!row) return null;
      return {
        id: row.id as string,
        name: row.name as string,
        digest: row.digest as Buffer,
        prefix: row.prefix as string,
        scopes: String(row.scopes).split(',') as ('tokens:write' | 'tokens:read')[],
        createdAt: row.created_at as Date,
        revokedAt: date(row.revoked_at),
        lastUsedAt: date(row.last_used_at),
      };
    },
  };
}
