import { createSecretKey, type KeyObject } from 'node:crypto';
import { PushregError } from '@pushreg/core';
import { decodeBase64 } from './base64.js';

/** One encryption key and the id written into every envelope it seals. */
export interface KeyringEntry {
  readonly id: string;
  /** A 32-byte AES key; a KeyObject so an accidental log line shows no key material. */
  readonly key: KeyObject;
}

/** Encryption keys in order of preference: the first seals, every one opens. */
export type Keyring = readonly [KeyringEntry, ...KeyringEntry[]];

export const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
export const KEY_BYTES = 32;
export const MIN_LOOKUP_KEY_BYTES = 32;

const refuse = (message: string) => new PushregError('invalid_keyring', message);

/**
 * Parses `id:base64key,id:base64key` (surrounding spaces ignored). Errors name the entry by
 * position and, once it is known to be valid, by id; they never repeat key material.
 */
export function parseKeyring(spec: string): Keyring {
  if (spec.trim() === '') throw refuse('the keyring is empty; expected id:base64key[,…]');
  const entries: KeyringEntry[] = [];
  const positions = new Map<string, number>();

  for (const [index, raw] of spec.split(',').entries()) {
    const where = `keyring entry ${index + 1}`;
    const entry = raw.trim();
    if (entry === '') throw refuse(`${where} is empty`);

    const colon = entry.indexOf(':');
    if (colon < 0) throw refuse(`${where} has no colon; expected id:base64key`);

    // An entry with its parts swapped would put the key where the id goes: never echo a bad id.
    const id = entry.slice(0, colon);
    if (!KEY_ID.test(id)) {
      throw refuse(`${where} has an invalid id; ids are 1 to 32 characters of A-Z a-z 0-9 _ -`);
    }
    const named = `${where} (id "${id}")`;

    const earlier = positions.get(id);
    if (earlier !== undefined) {
      throw refuse(`${named} repeats the id of keyring entry ${earlier}`);
    }

    const key = decodeBase64(entry.slice(colon + 1));
    if (key === null) throw refuse(`${named} has a key that is not valid base64`);
    if (key.length !== KEY_BYTES) {
      throw refuse(`${named} has a key of ${key.length} bytes; AES-256 needs ${KEY_BYTES}`);
    }

    positions.set(id, index + 1);
    entries.push({ id, key: createSecretKey(key) });
    key.fill(0);
  }
  // split yields at least one entry and each one either threw or was pushed.
  return entries as unknown as Keyring;
}

/** Parses the base64 HMAC key used for token lookups; it must decode to at least 32 bytes. */
export function parseLookupKey(base64: string): Uint8Array {
  const key = decodeBase64(base64.trim());
  if (key === null) throw refuse('the lookup key is not valid base64');
  if (key.length < MIN_LOOKUP_KEY_BYTES) {
    throw refuse(
      `the lookup key decodes to ${key.length} bytes; it needs at least ${MIN_LOOKUP_KEY_BYTES}`,
    );
  }
  return key;
}
