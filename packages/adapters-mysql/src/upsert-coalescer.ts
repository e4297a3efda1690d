import type { RegistrationWrite, UpsertOutcome } from '@pushreg/core';
import { StoreUnavailableError } from '@pushreg/core';
import { timedOut } from './errors.js';

/** A write waiting for, or riding in, a batch; `deadline` is in Date.now() milliseconds. */
export interface QueuedWrite {
  readonly write: RegistrationWrite;
  readonly deadline: number;
}

/** Commits a batch (no digest twice in it); one settled result per write, in batch order. */
export type FlushBatch = (
  batch: readonly QueuedWrite[],
) => Promise<Array<PromiseSettledResult<UpsertOutcome>>>;

export interface CoalescerLimits {
  /** Batches allowed in flight at once. */
  readonly maxInFlight: number;
  /** Writes per batch. */
  readonly maxRows: number;
  /** Estimated statement bytes per batch; a single larger write still goes alone. */
  readonly maxBytes: number;
  /** How long a write may take from submit to settled, queueing included. */
  readonly timeoutMs: number;
}

interface Entry extends QueuedWrite {
  readonly key: string;
  readonly bytes: number;
  readonly resolve: (outcome: UpsertOutcome) => void;
  readonly reject: (error: unknown) => void;
  timer: NodeJS.Timeout | undefined;
  /** The oldest unsettled write of its digest: queued in `ready` or in flight. */
  head: boolean;
  sent: boolean;
  settled: boolean;
}

/**
 * Queues concurrent upserts and hands them to `flush` in batches, so many writers share one
 * transaction (and one commit) instead of each paying for its own. No timer waits to fill a
 * batch: writes made in one turn of the event loop go together, and whatever queued while
 * batches were in flight goes as soon as one finishes. A batch joins others in flight only when it
 * would carry at least half as many rows as they do on average; under load a free slot would
 * otherwise go to the first write that arrives, a one-row transaction that keeps the slot busy
 * as long as a full one while the writes behind it wait.
 *
 * Writes of one digest run one after the other in call order: only the oldest unsettled write
 * of a digest is ever eligible (`ready`); the others wait behind it (`behind`). So a batch never
 * holds one digest twice, and no digest is in two batches at once.
 */
export class UpsertCoalescer {
  private ready: Entry[] = [];
  /** Digests with a write queued or in flight, and the writes waiting behind that one. */
  private readonly behind = new Map<string, Entry[]>();
  private inFlight = 0;
  private rowsInFlight = 0;
  private scheduled = false;
  private closing = false;
  private readonly drained: Array<() => void> = [];
  /** Digests whose last write failed after it was sent, waiting for `settledSent`. */
  private readonly fenced = new Set<string>();

  /**
   * @param settledSent resolves once writes that were sent but failed can no longer commit (a
   *   timed-out statement may still run on the server). The next write of such a digest waits
   *   for it, so it cannot be overtaken by the one before it.
   */
  constructor(
    private readonly flush: FlushBatch,
    private readonly limits: CoalescerLimits,
    private readonly sizeOf: (write: RegistrationWrite) => number,
    private readonly settledSent: () => Promise<void> = () => Promise.resolve(),
  ) {}

  submit(write: RegistrationWrite): Promise<UpsertOutcome> {
    if (this.closing) {
      return Promise.reject(new StoreUnavailableError('The MySQL store is closed'));
    }
    return new Promise<UpsertOutcome>((resolve, reject) => {
      const entry: Entry = {
        write,
        deadline: Date.now() + this.limits.timeoutMs,
        key: Buffer.from(write.digest).toString('hex'),
        bytes: this.sizeOf(write),
        resolve,
        reject,
        timer: undefined,
        head: false,
        sent: false,
        settled: false,
      };
      // Only a queued write times out here; once sent, the batch's own deadline covers it.
      entry.timer = setTimeout(() => {
        if (entry.sent) return;
        this.settle(entry, {
          status: 'rejected',
          reason: timedOut(this.limits.timeoutMs),
        });
      }, this.limits.timeoutMs);
      const waiting = this.behind.get(entry.key);
      if (waiting) waiting.push(entry);
      else {
        this.behind.set(entry.key, []);
        entry.head = true;
        this.ready.push(entry);
      }
      this.schedule();
    });
  }

  /** Stops taking writes; resolves once every queued write is committed or rejected. */
  close(): Promise<void> {
    this.closing = true;
    // Writes behind a failed one would wait for it longer than shutdown does: refuse them.
    for (const key of this.fenced) {
      this.fenced.delete(key);
      for (const entry of this.behind.get(key) ?? []) {
        this.settle(entry, {
          status: 'rejected',
          reason: new StoreUnavailableError('The MySQL store is closed'),
        });
      }
      this.behind.delete(key);
    }
    if (this.behind.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  // setImmediate, not a timer: it runs as soon as Node has handled every socket that was
  // ready in this turn of the event loop, so the writes of all the requests read together share
  // a batch. (A microtask ran after each request, and the first of a burst went alone.)
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  // What is queued is shared out over the free slots, so batches overlap (one executes while
  // another waits for its commit to reach the disk) instead of all writers riding in one.
  private pump(): void {
    while (this.inFlight < this.limits.maxInFlight) {
      const share = Math.ceil(this.ready.length / (this.limits.maxInFlight - this.inFlight));
      const worthSending = this.inFlight === 0 ? 1 : this.rowsInFlight / this.inFlight / 2;
      if (share < worthSending) return;
      const batch = this.take(Math.min(share, this.limits.maxRows));
      if (batch.length === 0) return;
      this.inFlight++;
      this.rowsInFlight += batch.length;
      void this.send(batch);
    }
  }

  /** The oldest eligible writes, within the row and byte caps. */
  private take(maxRows: number): Entry[] {
    const batch: Entry[] = [];
    let bytes = 0;
    let used = 0;
    for (const entry of this.ready) {
      if (batch.length >= maxRows) break;
      if (!entry.settled) {
        if (batch.length > 0 && bytes + entry.bytes > this.limits.maxBytes) break;
        batch.push(entry);
        bytes += entry.bytes;
      }
      used++;
    }
    this.ready.splice(0, used);
    return batch;
  }

  private async send(batch: Entry[]): Promise<void> {
    for (const entry of batch) {
      entry.sent = true;
      clearTimeout(entry.timer);
    }
    let results: Array<PromiseSettledResult<UpsertOutcome>>;
    try {
      results = await this.flush(batch);
    } catch (error) {
      results = batch.map(() => ({ status: 'rejected', reason: error }));
    }
    this.inFlight--;
    this.rowsInFlight -= batch.length;
    batch.forEach((entry, i) => {
      this.settle(entry, results[i] ?? { status: 'rejected', reason: new Error('no result') });
    });
    this.pump();
  }

  /** Settles a write and lets the next live write of its digest become eligible. */
  private settle(entry: Entry, result: PromiseSettledResult<UpsertOutcome>): void {
    if (entry.settled) return;
    entry.settled = true;
    clearTimeout(entry.timer);
    if (result.status === 'fulfilled') entry.resolve(result.value);
    else entry.reject(result.reason);
    // A write that gave up behind another stays in the list, skipped when its turn comes.
    if (!entry.head) return;
    if (entry.sent && result.status === 'rejected') {
      // Its digest stays taken until the failed write can no longer commit.
      this.fenced.add(entry.key);
      void this.settledSent().then(() => {
        if (this.fenced.delete(entry.key)) this.next(entry.key);
      });
    } else {
      this.next(entry.key);
    }
  }

  /** Makes the next live write of a digest eligible, or frees the digest. */
  private next(key: string): void {
    const waiting = this.behind.get(key) ?? [];
    let next = waiting.shift();
    while (next?.settled) next = waiting.shift();
    if (next) {
      // It was called before most of what is queued, so it goes first.
      next.head = true;
      this.ready.unshift(next);
      this.schedule();
    } else {
      this.behind.delete(key);
      if (this.closing && this.behind.size === 0) {
        for (const resolve of this.drained.splice(0)) resolve();
      }
    }
  }
}
