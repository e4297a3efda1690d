import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import type { TokenHasher } from '@pushreg/core';

/** HMAC-SHA256 of the normalized token under the lookup key. */
export class HmacTokenHasher implements TokenHasher {
  private readonly key: KeyObject;

  /** Takes the key parseLookupKey returns; the bytes are copied, so the caller may wipe them. */
  constructor(lookupKey: Uint8Array) {
    this.key = createSecretKey(Buffer.from(lookupKey));
  }

  digest(normalizedToken: string): Buffer {
    return createHmac('sha256', this.key).update(normalizedToken, 'utf8').digest();
  }
}
