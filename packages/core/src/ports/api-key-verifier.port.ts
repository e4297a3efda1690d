/** Turns a presented API key into the digest it is stored and found by. */
export interface ApiKeyVerifier {
  /** Returns whether the string has the shape of a key we issue (prefix, length, alphabet). */
  isWellFormed(presentedKey: string): boolean;

  /** Returns the digest of a key; the same key always gives the same digest. */
  digest(key: string): Uint8Array;
}
