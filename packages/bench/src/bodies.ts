import { randomBytes, randomInt } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One request body of a sequence, with what the checks afterwards need to know about it. */
export interface BodyItem {
  /** The token as the server stores it (APNs in lowercase). */
  readonly token: string;
  /** False when this body re-registers a token sent earlier in the same sequence. */
  readonly fresh: boolean;
  readonly json: string;
}

/** The bodies of one load run: one sequence per load-generator thread, one file per sequence. */
export interface BodySet {
  readonly sequences: readonly (readonly BodyItem[])[];
  readonly files: readonly string[];
}

export const RE_REGISTRATION_SHARE = 0.2;

const TOPICS = [
  'news',
  'sports',
  'weather',
  'offers',
  'breaking',
  'team.arsenal',
  'team.celtic',
  'city~london',
  'city~paris',
  'digest_daily',
  'digest_weekly',
  'podcasts',
];
const VERSIONS = ['4.12.0', '4.12.1', '4.13.0', '5.0.0-beta.2', '5.0.1'];
const LOCALES = ['en_UK', 'en_US', 'de_DE', 'fr_FR', 'es_ES', 'pt_BR', 'ja_JP'];

const pick = <T>(list: readonly T[]): T => list[randomInt(list.length)] as T;

/** 64 hex characters, as APNs hands out today. */
const apnsToken = () => randomBytes(32).toString('hex');

/** `<installation id>:APA91b…`, about 163 characters, as FCM hands out. */
const fcmToken = () =>
  `${randomBytes(17).toString('base64url').slice(0, 22)}:APA91b${randomBytes(101)
    .toString('base64url')
    .slice(0, 134)}`;

function twoTopics(): string[] {
  const first = randomInt(TOPICS.length);
  const second = (first + 1 + randomInt(TOPICS.length - 1)) % TOPICS.length;
  return [TOPICS[first] as string, TOPICS[second] as string];
}

function body(token: string, platform: string, topics: string[]): string {
  return JSON.stringify({
    token,
    platform,
    app_ver: pick(VERSIONS),
    locale: pick(LOCALES),
    topics,
  });
}

/**
 * A sequence where half the fresh tokens are APNs and half FCM (one FCM in five a web token),
 * and a fifth of bodies re-register a token sent at least `gap` bodies earlier — far enough
 * back that its first registration has been answered — with a new app_ver and, half the
 * time, one topic swapped.
 */
export function bodySequence(length: number, gap: number): BodyItem[] {
  const items: BodyItem[] = [];
  const sent: { token: string; platform: string; topics: string[] }[] = [];
  for (let i = 0; i < length; i++) {
    if (i >= gap * 2 && Math.random() < RE_REGISTRATION_SHARE) {
      const earlier = sent[randomInt(sent.length - gap)] as (typeof sent)[number];
      const topics = Math.random() < 0.5 ? earlier.topics : [earlier.topics[0] as string, 'news'];
      const sameTopics = topics[1] === topics[0] ? earlier.topics : topics;
      items.push({
        token: earlier.token,
        fresh: false,
        json: body(earlier.token, earlier.platform, sameTopics),
      });
      continue;
    }
    const ios = i % 2 === 0;
    const token = ios ? apnsToken() : fcmToken();
    const platform = ios ? 'ios' : randomInt(5) === 0 ? 'web' : 'android';
    const topics = twoTopics();
    sent.push({ token, platform, topics });
    items.push({ token, fresh: true, json: body(token, platform, topics) });
  }
  return items;
}

/** Builds `threads` sequences and writes each as JSON lines under dir/name-t<i>.jsonl. */
export async function writeBodySet(
  dir: string,
  name: string,
  threads: number,
  perThread: number,
  gap: number,
): Promise<BodySet> {
  const sequences: BodyItem[][] = [];
  const files: string[] = [];
  for (let t = 0; t < threads; t++) {
    const sequence = bodySequence(perThread, gap);
    const file = join(dir, `${name}-t${t}.jsonl`);
    await writeFile(file, `${sequence.map((item) => item.json).join('\n')}\n`);
    sequences.push(sequence);
    files.push(file);
  }
  return { sequences, files };
}
