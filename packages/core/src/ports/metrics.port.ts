import type { Platform } from '../domain/platform.js';
import type { ExpireOutcome, UpsertOutcome } from '../domain/registration.js';

/** One finished HTTP request, as the metrics port sees it. */
export interface RequestObservation {
  readonly method: string;
  /** The route template (`/register-token`), or one shared value for unknown paths. */
  readonly route: string;
  readonly status: number;
  readonly durationSeconds: number;
}

/** Counters the core and its edges report; implementations must never throw. */
export interface Metrics {
  /** Counts one successful registration by platform and what the store did. */
  registration(platform: Platform, outcome: UpsertOutcome): void;

  /** Counts one successful unregistration by platform and what the store found. */
  unregistration(platform: Platform, outcome: ExpireOutcome): void;

  /** Records one finished request: its count by labels and its duration. */
  request(observation: RequestObservation): void;
}
