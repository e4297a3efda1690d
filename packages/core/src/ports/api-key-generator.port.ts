/** Source of new API keys. */
export interface ApiKeyGenerator {
  /**
   * Returns a fresh random key (well formed for the paired ApiKeyVerifier), a short public id
   * for listing and revoking it, and the display prefix of the key.
   */
  generate(): { id: string; key: string; prefix: string };
}
