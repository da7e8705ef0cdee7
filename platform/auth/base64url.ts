/**
 * Strict base64url (RFC 4648 §5, no padding). Node's decoder silently skips characters outside
 * the alphabet, so a token could be altered without changing what it decodes to; this one refuses
 * anything but the one canonical spelling of the bytes.
 */
const ALPHABET = /^[A-Za-z0-9_-]*$/;

export function encodeBase64Url(bytes: Buffer | string): string {
  return Buffer.from(bytes).toString('base64url');
}

export function decodeBase64Url(text: string): Buffer | undefined {
  if (!ALPHABET.test(text) || text.length % 4 === 1) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  // Non-zero unused bits in the last character would give a second spelling of the same bytes.
  return bytes.toString('base64url') === text ? bytes : undefined;
}
