import { hash32 } from '../../kernel/hash';
import type { LastReply, Ordered } from './types';

/**
 * Digests D(m) (§4.2). A real implementation hashes the request (MD5 in the paper's library);
 * here a request's digest is its identity, client and timestamp, written so a person can read
 * it ("c5.3": client node 5's third request), because the only property the protocol needs is
 * that different requests have different digests, and honest clients never reuse a timestamp.
 */
export const NULL_DIGEST = 'null';

/** The mark of the null request an equivocating primary slips in place of a real one. */
const LIE = 'null~';

export function requestDigest(client: number, t: number): string {
  return `c${client}.${t}`;
}

export function digestOf(m: Ordered): string {
  if (m.kind === 'request') return requestDigest(m.request.client, m.request.t);
  return m.replaces === undefined ? NULL_DIGEST : LIE + m.replaces;
}

/** The digest an equivocating node tells odd-numbered replicas: the null request standing in for d. */
export function lieAbout(digest: string): string {
  if (digest === NULL_DIGEST || digest.startsWith(LIE)) return digest;
  return LIE + digest;
}

/** The true digest behind a lie (what an equivocating node tells even-numbered replicas). */
export function truthOf(digest: string): string {
  return digest.startsWith(LIE) ? digest.slice(LIE.length) : digest;
}

/** The request a digest stands for, when it is a client's: { client, t }. */
export function parseRequestDigest(digest: string): { client: number; t: number; lie: boolean } | null {
  const lie = digest.startsWith(LIE);
  const match = /^c(\d+)\.(\d+)$/.exec(lie ? digest.slice(LIE.length) : digest);
  return match ? { client: Number(match[1]), t: Number(match[2]), lie } : null;
}

/** The digest of the service state at a checkpoint (§4.3): the store and the last reply to each client. */
export function stateDigest(kv: Record<string, number>, replies: Record<string, LastReply>): string {
  const keys = Object.keys(kv).sort();
  const clients = Object.keys(replies).sort((a, b) => Number(a) - Number(b));
  const text = `${keys.map((k) => `${k}=${kv[k]}`).join(',')}|${clients.map((c) => `${c}:${replies[c]!.t}:${JSON.stringify(replies[c]!.result)}`).join(',')}`;
  return hash32(text).toString(16).padStart(8, '0');
}
