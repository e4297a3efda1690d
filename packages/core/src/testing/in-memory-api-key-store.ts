import type { ApiKeyRecord } from '../domain/api-key.js';
import type { ApiKeyStore } from '../ports/api-key-store.port.js';
import { hex } from './bytes.js';

/** An ApiKeyStore held in an array, for tests and embedding. */
export class InMemoryApiKeyStore implements ApiKeyStore {
  readonly rows: ApiKeyRecord[] = [];
  failWith: Error | null = null;

  async insert(record: Omit<ApiKeyRecord, 'revokedAt' | 'lastUsedAt'>): Promise<void> {
    this.check();
    const clash = this.rows.some(
      (row) => row.id === record.id || hex(row.digest) === hex(record.digest),
    );
    if (clash) throw new Error(`an API key with id ${record.id} or the same digest exists`);
    this.rows.push({ ...record, scopes: [...record.scopes], revokedAt: null, lastUsedAt: null });
  }

  async findByDigest(digest: Uint8Array): Promise<ApiKeyRecord | null> {
    this.check();
    const wanted = hex(digest);
    const row = this.rows.find((r) => hex(r.digest) === wanted);
    return row ? { ...row } : null;
  }

  async list(): Promise<ApiKeyRecord[]> {
    this.check();
    return this.rows
      .map((row) => ({ ...row }))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    this.check();
    const index = this.rows.findIndex((r) => r.id === id);
    const row = this.rows[index];
    if (!row) return false;
    if (!row.revokedAt) this.rows[index] = { ...row, revokedAt: at };
    return true;
  }

  async touch(id: string, at: Date): Promise<void> {
    this.check();
    const index = this.rows.findIndex((r) => r.id === id);
    const row = this.rows[index];
    if (row && (!row.lastUsedAt || row.lastUsedAt < at))
      this.rows[index] = { ...row, lastUsedAt: at };
  }

  private check(): void {
    if (this.failWith) throw this.failWith;
  }
}
