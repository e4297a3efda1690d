import { randomFillSync } from 'node:crypto';

// One randomBytes call costs about as much as the AES-GCM work on a token, so random bytes are
// drawn in batches (as uuid does for v4 ids). Each nonce is handed out once; callers copy it
// into the envelope before the batch can be refilled, since all of this is synchronous.
const NONCES_PER_BATCH = 256;

/** Hands out fresh random nonces of a fixed size from a batch of random bytes. */
export class NonceSource {
  private readonly batch: Buffer;
  private offset: number;

  constructor(private readonly size: number) {
    this.batch = Buffer.alloc(size * NONCES_PER_BATCH);
    this.offset = this.batch.length;
  }

  /** Returns `size` fresh random bytes; a later refill overwrites them, so copy them now. */
  next(): Buffer {
    if (this.offset === this.batch.length) {
      randomFillSync(this.batch);
      this.offset = 0;
    }
    const nonce = this.batch.subarray(this.offset, this.offset + this.size);
    this.offset += this.size;
    return nonce;
  }
}
