import { AuthError, SealedTokenError } from '../domain/failure.js';
import type { ApiKeyGenerator } from '../ports/api-key-generator.port.js';
import type { ApiKeyVerifier } from '../ports/api-key-verifier.port.js';
import type { Clock } from '../ports/clock.port.js';
import type { Metrics, RequestObservation } from '../ports/metrics.port.js';
import type { TokenCipher } from '../ports/token-cipher.port.js';
import type { TokenHasher } from '../ports/token-hasher.port.js';
import { hex, testDigest } from './bytes.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A deterministic stand-in for a real hasher: stable per token and per seed, different across
 * seeds. Not a cryptographic digest; never use it outside tests.
 */
export class FakeTokenHasher implements TokenHasher {
  constructor(private readonly seed = 'test') {}
  digest(normalizedToken: string): Uint8Array {
    return testDigest(`${this.seed}:${normalizedToken}`);
  }
}

/**
 * A reversible, unencrypted "cipher" that still binds the associated data and a counter, so
 * tests can check that the right data was passed and that two seals differ. Never secret.
 */
export class FakeTokenCipher implements TokenCipher {
  private counter = 0;

  seal(token: string, associatedData: Uint8Array): Uint8Array {
    const body = encoder.encode(JSON.stringify([hex(associatedData), this.counter++, token]));
    return Uint8Array.from([0xfe, ...body]);
  }

  open(envelope: Uint8Array, associatedData: Uint8Array): string {
    try {
      if (envelope[0] !== 0xfe) throw new Error('not a fake envelope');
      const [ad, , token] = JSON.parse(decoder.decode(envelope.subarray(1)));
      if (ad !== hex(associatedData) || typeof token !== 'string') throw new Error('mismatch');
      return token;
    } catch (cause) {
      throw new SealedTokenError(undefined, { cause });
    }
  }
}

/** API keys `test_<n>` whose digest is a test digest of the key. */
export class FakeApiKeys implements ApiKeyVerifier, ApiKeyGenerator {
  private counter = 0;
  isWellFormed(presentedKey: string): boolean {
    return /^test_[a-z0-9]+$/.test(presentedKey);
  }
  digest(key: string): Uint8Array {
    if (!this.isWellFormed(key)) throw new AuthError('invalid_api_key', 'malformed key');
    return testDigest(`key:${key}`);
  }
  generate() {
    const n = (this.counter++).toString(36);
    const key = `test_${n}${Math.random().toString(36).slice(2, 10)}`;
    return { id: `k${n}`, key, prefix: key.slice(0, 8) };
  }
}

/** A clock that stands still until moved. */
export class ManualClock implements Clock {
  constructor(private current = new Date('2026-01-01T00:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Metrics that remember what they were told. */
export class RecordingMetrics implements Metrics {
  readonly registrations: string[] = [];
  readonly unregistrations: string[] = [];
  readonly requests: RequestObservation[] = [];
  registration(platform: string, outcome: string): void {
    this.registrations.push(`${platform}:${outcome}`);
  }
  unregistration(platform: string, outcome: string): void {
    this.unregistrations.push(`${platform}:${outcome}`);
  }
  request(observation: RequestObservation): void {
    this.requests.push(observation);
  }
}
