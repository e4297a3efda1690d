import { createHash, randomBytes } from 'node:crypto';
import type { ApiKeyGenerator, ApiKeyVerifier } from '@pushreg/core';

export const API_KEY_PREFIX = 'pr_';
const KEY_BYTES = 32;
// 32 bytes are 43 base64url characters; the last one carries 2 bits of padding, which must be 0
// in the keys we issue, so only 16 letters can end a key.
const KEY_SHAPE = /^pr_[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;
const DISPLAY_LENGTH = 10;
const ID_LENGTH = 12;
// 32 letters and digits without the look-alikes 0/o and 1/l.
const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/**
 * API keys `pr_` + base64url of 32 random bytes. They are digested with plain SHA-256: a key of
 * 256 random bits needs no pepper, and so rotating the lookup key leaves every API key working.
 */
export class RandomApiKeys implements ApiKeyGenerator, ApiKeyVerifier {
  generate(): { id: string; key: string; prefix: string } {
    const key = API_KEY_PREFIX + randomBytes(KEY_BYTES).toString('base64url');
    // 256 is a multiple of 32, so masking each byte picks every id letter equally often.
    const id = Array.from(randomBytes(ID_LENGTH), (b) => ID_ALPHABET[b & 31]).join('');
    return { id, key, prefix: key.slice(0, DISPLAY_LENGTH) };
  }

  isWellFormed(presentedKey: string): boolean {
    return KEY_SHAPE.test(presentedKey);
  }

  digest(key: string): Buffer {
    return createHash('sha256').update(key, 'utf8').digest();
  }
}
