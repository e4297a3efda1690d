import { ValidationError } from './failure.js';

export const MAX_TOPICS = 100;
export const TOPIC_MAX_LENGTH = 64;
export const APP_VERSION_MAX_LENGTH = 32;
export const LOCALE_MAX_LENGTH = 35;

const TOPIC = /^[A-Za-z0-9_.~%-]{1,64}$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const LOCALE = /^[A-Za-z0-9_-]+$/;

/**
 * Checks each topic and removes duplicates, keeping first-seen order. Topics are case-sensitive
 * and not trimmed: a topic with surrounding space is refused rather than silently changed.
 */
export function normalizeTopics(raw: readonly string[]): string[] {
  for (const topic of raw) {
    if (!TOPIC.test(topic)) {
      throw new ValidationError(
        'invalid_topics',
        `each topic must be 1 to ${TOPIC_MAX_LENGTH} characters of letters, digits, "_", ".", "~", "%" or "-"`,
      );
    }
  }
  const topics = [...new Set(raw)];
  if (topics.length > MAX_TOPICS) {
    throw new ValidationError('too_many_topics', `a token may have at most ${MAX_TOPICS} topics`);
  }
  return topics;
}

/** Trims the app version; empty or absent means unknown (null). */
export function normalizeAppVersion(raw: string | null | undefined): string | null {
  const value = raw?.trim() ?? '';
  if (value === '') return null;
  if (value.length > APP_VERSION_MAX_LENGTH || !PRINTABLE_ASCII.test(value)) {
    throw new ValidationError(
      'invalid_app_version',
      `app_ver must be at most ${APP_VERSION_MAX_LENGTH} printable ASCII characters`,
    );
  }
  return value;
}

/** Trims the locale (for example `en_GB` or `pt-BR`); empty or absent means unknown (null). */
export function normalizeLocale(raw: string | null | undefined): string | null {
  const value = raw?.trim() ?? '';
  if (value === '') return null;
  if (value.length > LOCALE_MAX_LENGTH || !LOCALE.test(value)) {
    throw new ValidationError(
      'invalid_locale',
      `locale must be at most ${LOCALE_MAX_LENGTH} characters of letters, digits, "_" or "-"`,
    );
  }
  return value;
}
