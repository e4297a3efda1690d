import { ValidationError } from './failure.js';

export const PLATFORMS = ['ios', 'android', 'web'] as const;

/** The push service that issued a token: APNs for ios, FCM for android and web. */
export type Platform = (typeof PLATFORMS)[number];

export const isPlatform = (value: string): value is Platform =>
  (PLATFORMS as readonly string[]).includes(value);

/** Accepts exactly `ios`, `android` or `web` (surrounding whitespace ignored). */
export function parsePlatform(raw: string): Platform {
  const value = raw.trim();
  if (isPlatform(value)) return value;
  throw new ValidationError('invalid_platform', `platform must be one of ${PLATFORMS.join(', ')}`);
}
