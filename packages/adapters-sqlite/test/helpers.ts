import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ApiKeyRecord, Registration, RegistrationWrite, Scope } from '@pushreg/core';
import type { ApiKeyStoreProbes, TokenStoreProbes } from '@pushreg/core/testing';
import Database from 'better-sqlite3';

/** A fresh folder for this test file, removed after its last test. */
export function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'pushreg-sqlite-'));
  after(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/** A second, plain connection to the file, as the probes and checks read it. */
export const rawConnection = (file: string): Database.Database =>
  new Database(file, { readonly: true });

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

interface RegistrationRow {
  digest: Buffer;
  sealed_token: Buffer;
  platform: Registration['platform'];
  app_version: string | null;
  locale: string | null;
  status: Registration['status'];
  created_at: number;
  updated_at: number;
  expired_at: number | null;
  api_key_id: string;
}

export function tokenProbes(raw: Database.Database): TokenStoreProbes {
  const topics = (digest: Uint8Array) =>
    raw
      .prepare('SELECT topic FROM registration_topics WHERE digest = ?')
      .pluck()
      .all(digest) as string[];
  return {
    async readRegistration(digest) {
      const row = raw.prepare('SELECT * FROM registrations WHERE digest = ?').get(digest) as
        | RegistrationRow
        | undefined;
      if (!row) return null;
      return {
        digest: row.digest,
        sealedToken: row.sealed_token,
        platform: row.platform,
        appVersion: row.app_version,
        locale: row.locale,
        topics: topics(digest),
        status: row.status,
        createdAt: new Date(row.created_at),
        updatedAt: new Date(row.updated_at),
        expiredAt: date(row.expired_at),
        apiKeyId: row.api_key_id,
      };
    },
    async countRegistrationRows(digest) {
      return raw
        .prepare('SELECT count(*) FROM registrations WHERE digest = ?')
        .pluck()
        .get(digest) as number;
    },
    async readTopicRows(digest) {
      return topics(digest);
    },
  };
}

interface ApiKeyRow {
  id: string;
  name: string;
  digest: Buffer;
  prefix: string;
  scopes: string;
  created_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
}

export function apiKeyProbes(raw: Database.Database): ApiKeyStoreProbes {
  return {
    async readApiKey(id) {
      const row = raw.prepare('SELECT * FROM api_keys WHERE id = ?').get(id) as
        | ApiKeyRow
        | undefined;
      if (!row) return null;
      return {
        id: row.id,
        name: row.name,
        digest: row.digest,
        prefix: row.prefix,
        scopes: JSON.parse(row.scopes) as Scope[],
        createdAt: new Date(row.created_at),
        revokedAt: date(row.revoked_at),
        lastUsedAt: date(row.last_used_at),
      };
    },
    async countApiKeyRows() {
      return raw.prepare('SELECT count(*) FROM api_keys').pluck().get() as number;
    },
  };
}

let serial = 0;

/** A registration write with a digest of its own and bytes ≥ 0x80 in its sealed token. */
export function aWrite(overrides: Partial<RegistrationWrite> = {}): RegistrationWrite {
  serial++;
  const digest = Buffer.alloc(32, 0xa5);
  digest.writeUInt32BE(serial, 0);
  digest.writeUInt32BE(process.pid, 4);
  return {
    digest,
    sealedToken: Uint8Array.from([0x00, 0x7f, 0x80, 0xfe, 0xff, serial & 0xff]),
    platform: 'android',
    appVersion: '3.1.4',
    locale: 'de_DE',
    topics: ['alerts', 'Alerts'],
    apiKeyId: 'key-1',
    at: new Date('2026-04-01T12:00:00.789Z'),
    ...overrides,
  };
}

/** An API key record with an id and digest of its own. */
export function aKey(label: string): Omit<ApiKeyRecord, 'revokedAt' | 'lastUsedAt'> {
  serial++;
  const digest = Buffer.alloc(32, 0xf0);
  digest.write(`${label}:${process.pid}:${serial}`.slice(0, 32));
  return {
    id: `${label}-${process.pid}-${serial}`,
    name: `${label} ${serial}`,
    digest,
    prefix: 'pr_test',
    scopes: ['tokens:write'],
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, serial)),
  };
}

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs a fixture script in a second Node process, as the CLI would run beside the server. */
export function runFixture(name: string, args: string[]) {
  const script = fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
  const child = spawn(
    process.execPath,
    ['--conditions=@pushreg/source', '--import', 'tsx', script, ...args],
    { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  /** Resolves once the script has written `line` on a line of its own. */
  const printed = (line: string) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!stdout.split('\n').includes(line)) return;
        child.stdout.off('data', check);
        resolve();
      };
      child.stdout.on('data', check);
      check();
    });
  const exited = once(child, 'exit').then(([code]) => ({
    code: code as number | null,
    stdout,
    stderr,
  }));
  return { child, exited, printed };
}
