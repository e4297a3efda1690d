// Buffer.from(x, 'base64') skips characters it does not know and also takes the URL alphabet, so
// a mistyped secret would quietly decode to other bytes; this accepts only standard base64.
const STANDARD = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

/** Decodes standard base64 (padding optional); returns null when the text is not base64. */
export function decodeBase64(text: string): Buffer | null {
  if (text === '' || !STANDARD.test(text)) return null;
  return Buffer.from(text, 'base64');
}
