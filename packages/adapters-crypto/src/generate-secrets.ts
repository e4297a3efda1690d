import { randomBytes } from 'node:crypto';

/** Fresh secrets in the formats parseKeyring and parseLookupKey accept. */
export interface GeneratedSecrets {
  /** A keyring spec holding one new key, with an id naming the day it was made. */
  readonly encryptionKeys: string;
  /** A new 32-byte lookup key in base64. */
  readonly lookupKey: string;
}

/** Makes a new encryption key and lookup key, e.g. for a server started with no secrets. */
export function generateSecrets(now: Date = new Date()): GeneratedSecrets {
  const id = `k${now.toISOString().slice(0, 10).replaceAll('-', '')}`;
  return {
    encryptionKeys: `${id}:${randomBytes(32).toString('base64')}`,
    lookupKey: randomBytes(32).toString('base64'),
  };
}
