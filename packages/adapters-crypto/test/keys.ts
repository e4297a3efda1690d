import { randomBytes } from 'node:crypto';

/** A random key of `bytes` bytes in standard base64, as an operator would paste it. */
export const randomKey = (bytes = 32): string => randomBytes(bytes).toString('base64');
