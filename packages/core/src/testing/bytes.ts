export const hex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** A digest-sized value made from a counter and a seed, for tests that need many distinct keys. */
export function testDigest(seed: string, n = 0): Uint8Array {
  const out = new Uint8Array(32);
  const text = `${seed}#${n}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < out.length; i++) {
    for (let j = 0; j < text.length; j++) h = Math.imul(h ^ text.charCodeAt(j), 0x01000193);
    h = Math.imul(h ^ i, 0x01000193);
    out[i] = h >>> 24;
  }
  return out;
}
