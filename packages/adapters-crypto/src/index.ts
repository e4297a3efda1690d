export { AesGcmTokenCipher } from './aes-gcm-token-cipher.js';
export { type GeneratedSecrets, generateSecrets } from './generate-secrets.js';
export { HmacTokenHasher } from './hmac-token-hasher.js';
export { type Keyring, type KeyringEntry, parseKeyring, parseLookupKey } from './keyring.js';
export { API_KEY_PREFIX, RandomApiKeys } from './random-api-keys.js';
