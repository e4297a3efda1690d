/** Keyed digest that finds a token without storing it in clear. */
export interface TokenHasher {
  /** Returns 32 bytes; the same normalized token under the same key always gives the same. */
  digest(normalizedToken: string): Uint8Array;
}
