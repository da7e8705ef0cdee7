import { createHash } from 'node:crypto';

/**
 * A name-based UUID (RFC 9562 version 5: SHA-1 over a namespace and a name) for an event whose
 * identity is decided by what caused it, not by when it was written. A process manager derives
 * the ids of the events its command appends from (manager, cause event id, line), so running the
 * same reaction again yields the same ids, and the store recognises the append as done.
 */
const NAMESPACE = Buffer.from('5b0a3f5e9c1d4e7a8b2c6d0e1f3a4b5c', 'hex');

export function derivedEventId(seed: string, index: number): string {
  const hash = createHash('sha1').update(NAMESPACE).update(`${seed}#${index}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The seed of a reaction's command: one manager, one cause, one line of its output. */
export function reactionSeed(manager: string, causeEventId: string, line: string): string {
  return `${manager}/${causeEventId}/${line}`;
}
