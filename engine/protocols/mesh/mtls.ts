import type { NodeId } from '../../kernel/protocol';
import type { Micros } from '../../kernel/time';
import type { Service } from './config';

/**
 * Mutual TLS in the mesh, as Istio does it (istiod as the CA, PeerAuthentication modes):
 *
 * - Every workload (instance or client) asks the mesh CA for a certificate by message
 *   (`CertRequest`, the CSR istio-agent sends) and gets one (`Cert`) naming its identity (the
 *   node) with an expiry `certTtl` after issue. It asks again at `rotateAtPercent` of the
 *   certificate's life (Istio rotates at half), and every `retry` until answered; a workload
 *   cut off from the CA keeps its old certificate until it expires.
 * - A caller presents its certificate with every call (the handshake, folded into the `Call`).
 *   The callee accepts a call as mutual TLS when the caller's certificate names the caller and
 *   has not expired and its own certificate has not expired either.
 * - Per service, the mode: `strict` refuses every other call (the handshake fails: a `Reply`
 *   with status `refused`); `permissive` accepts it as plain text and counts it.
 *
 * A "stranger" node (its own kind) calls frontend like a client but has no sidecar and never
 * asks for a certificate: the workload strict mode exists to refuse.
 */
export type MtlsMode = 'strict' | 'permissive';

export interface MtlsConfig {
  /** A certificate's life (Istio's default is 24 h; shorter here so a run shows rotations). */
  certTtlUs: Micros;
  /** Ask for the next certificate once this share of the current one's life has passed (Istio: 50). */
  rotateAtPercent: number;
  /** Ask again this often while the CA has not answered. */
  retryUs: Micros;
  /** Each service's mode (permissive unless given), until a `setMtlsMode` command changes it. */
  modes: Record<Service, MtlsMode>;
}

/** What a certificate says; the callee checks the identity and expiry, the monitor also that the CA issued it. */
export interface Cert {
  identity: NodeId;
  serial: number;
  issuedAtUs: Micros;
  expiresAtUs: Micros;
}

/** A workload's side of mTLS: its certificate, and whether it is asking for the next one. */
export interface TlsState {
  cert: Cert | null;
  requesting: boolean;
  /** Bumped whenever a certificate arrives or a request starts: retires older rotate/retry timers. */
  generation: number;
  /** Callee side: this instance's mode, and what it accepted or refused. */
  mode: MtlsMode | null;
  accepted: { mutual: number; plaintext: number; refused: number };
}

/** The CA's state: the next serial and how many it issued. */
export interface CaState {
  role: 'ca';
  nextSerial: number;
  issued: number;
}

export function newTls(mode: MtlsMode | null): TlsState {
  return { cert: null, requesting: false, generation: 0, mode, accepted: { mutual: 0, plaintext: 0, refused: 0 } };
}

/** A certificate is valid for `holder` at `now` when it names the holder and has not expired. */
export function certValid(cert: Cert | null | undefined, holder: NodeId, now: Micros): boolean {
  return !!cert && cert.identity === holder && cert.expiresAtUs > now;
}

/** When to ask for the next certificate: `rotateAtPercent` of the way through its life. */
export function rotateAtUs(cert: Cert, config: MtlsConfig): Micros {
  return cert.issuedAtUs + Math.floor(((cert.expiresAtUs - cert.issuedAtUs) * config.rotateAtPercent) / 100);
}

/**
 * The callee's verdict on a call: mutual TLS when both certificates are valid; otherwise
 * refused under strict, accepted as plain text under permissive.
 */
export function verdict(mode: MtlsMode, peerValid: boolean, selfValid: boolean): 'mutual' | 'plaintext' | 'refused' {
  if (peerValid && selfValid) return 'mutual';
  return mode === 'strict' ? 'refused' : 'plaintext';
}
