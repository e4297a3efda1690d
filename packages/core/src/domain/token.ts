import { ValidationError } from './failure.js';
import type { Platform } from './platform.js';

/** APNs says device tokens are of variable length; 64 hex digits today, capped here at 200. */
export const APNS_TOKEN_MIN = 64;
export const APNS_TOKEN_MAX = 200;
/** FCM registration tokens run ~140–200 characters, Firebase Installation IDs 22. */
export const FCM_TOKEN_MIN = 20;
export const FCM_TOKEN_MAX = 4096;

const HEX = /^[0-9a-fA-F]+$/;
const FCM_CHARSET = /^[A-Za-z0-9_:-]+$/;

/**
 * Normalizes a device token for its platform and checks its format: trims it, lowercases APNs
 * hex, and refuses anything a push service would not have issued. The result is what gets
 * digested, sealed and compared.
 */
export function normalizeToken(platform: Platform, raw: string): string {
  const token = raw.trim();
  switch (platform) {
    case 'ios':
      return normalizeApnsToken(token);
    case 'android':
    case 'web':
      return checkFcmToken(token);
  }
}

function normalizeApnsToken(token: string): string {
  if (!HEX.test(token) || token.length % 2 !== 0) {
    throw new ValidationError(
      'invalid_token',
      'an ios token must be an even number of hexadecimal digits, without spaces or brackets',
    );
  }
  if (token.length < APNS_TOKEN_MIN || token.length > APNS_TOKEN_MAX) {
    throw new ValidationError(
      'invalid_token',
      `an ios token must be ${APNS_TOKEN_MIN} to ${APNS_TOKEN_MAX} hexadecimal digits long`,
    );
  }
  return token.toLowerCase();
}

function checkFcmToken(token: string): string {
  if (!FCM_CHARSET.test(token)) {
    throw new ValidationError(
      'invalid_token',
      'an android or web token may hold only letters, digits, "_", ":" and "-"',
    );
  }
  if (token.length < FCM_TOKEN_MIN || token.length > FCM_TOKEN_MAX) {
    throw new ValidationError(
      'invalid_token',
      `an android or web token must be ${FCM_TOKEN_MIN} to ${FCM_TOKEN_MAX} characters long`,
    );
  }
  return token;
}
