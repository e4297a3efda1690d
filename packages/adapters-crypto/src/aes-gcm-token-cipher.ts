import { createCipheriv, createDecipheriv, type KeyObject } from 'node:crypto';
import { PushregError, SealedTokenError, type TokenCipher } from '@pushreg/core';
import { KEY_BYTES, KEY_ID, type Keyring } from './keyring.js';
import { NonceSource } from './nonces.js';

// Envelope: version (1) | id length (1) | key id | nonce (12) | ciphertext | tag (16).
// The header (version and key id) is authenticated along with the caller's associated data, so
// it cannot be swapped without the tag noticing.
const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

interface SealingKey {
  readonly key: KeyObject;
  readonly header: Buffer;
}

/** AES-256-GCM token cipher with a key id in every envelope, so keys can rotate. */
export class AesGcmTokenCipher implements TokenCipher {
  private readonly sealing: SealingKey;
  private readonly opening: ReadonlyMap<string, KeyObject>;
  private readonly nonces = new NonceSource(NONCE_BYTES);

  /** Seals under the first key of the ring and opens under any of them. */
  constructor(keyring: Keyring) {
    // A hand-built ring skips parseKeyring, so check what a wrong entry would break later.
    for (const [index, { id, key }] of keyring.entries()) {
      if (!KEY_ID.test(id) || key.symmetricKeySize !== KEY_BYTES) {
        throw new PushregError(
          'invalid_keyring',
          `keyring entry ${index + 1} needs an id like parseKeyring accepts and a 32-byte key`,
        );
      }
    }
    const [first] = keyring;
    this.sealing = { key: first.key, header: header(first.id) };
    this.opening = new Map(keyring.map((entry) => [entry.id, entry.key]));
  }

  seal(token: string, associatedData: Uint8Array): Uint8Array {
    const { key, header } = this.sealing;
    const nonce = this.nonces.next();
    const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.concat([header, associatedData]));
    const body = cipher.update(token, 'utf8');
    const last = cipher.final();
    return Buffer.concat([header, nonce, body, last, cipher.getAuthTag()]);
  }

  open(envelope: Uint8Array, associatedData: Uint8Array): string {
    const bytes = Buffer.from(envelope.buffer, envelope.byteOffset, envelope.byteLength);
    if (bytes.length < 2 || bytes[0] !== VERSION) throw unreadable();
    const headerEnd = 2 + bytes[1]!;
    if (bytes.length < headerEnd + NONCE_BYTES + TAG_BYTES) throw unreadable();
    const key = this.opening.get(bytes.toString('latin1', 2, headerEnd));
    if (!key) throw unreadable();

    const nonce = bytes.subarray(headerEnd, headerEnd + NONCE_BYTES);
    const tagStart = bytes.length - TAG_BYTES;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.concat([bytes.subarray(0, headerEnd), associatedData]));
      decipher.setAuthTag(bytes.subarray(tagStart));
      const body = decipher.update(bytes.subarray(headerEnd + NONCE_BYTES, tagStart));
      return Buffer.concat([body, decipher.final()]).toString('utf8');
    } catch (cause) {
      throw unreadable(cause);
    }
  }
}

function header(id: string): Buffer {
  const idBytes = Buffer.from(id, 'latin1');
  return Buffer.concat([Buffer.from([VERSION, idBytes.length]), idBytes]);
}

// One message for every failure: which check failed is no business of whoever holds the data.
const unreadable = (cause?: unknown) =>
  new SealedTokenError(undefined, cause === undefined ? undefined : { cause });
