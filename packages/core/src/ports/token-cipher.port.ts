/** Authenticated encryption of tokens at rest. */
export interface TokenCipher {
  /** Seals `token` bound to `associatedData`; two seals of one token never look alike. */
  seal(token: string, associatedData: Uint8Array): Uint8Array;

  /**
   * Opens an envelope made by `seal` with the same associated data, under any key it knows;
   * throws SealedTokenError when the envelope was altered, the data differs or the key is gone.
   */
  open(envelope: Uint8Array, associatedData: Uint8Array): string;
}
