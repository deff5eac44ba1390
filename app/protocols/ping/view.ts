import type { NodeId } from '../../../engine/kernel/protocol';
import type { Micros } from '../../../engine/kernel/time';

/**
 * The shape of ping's `view()` (engine/protocols/ping/ping.ts) as the page reads it: the one
 * place that knows its fields. A field of the wrong type reads as absent.
 */
export interface PingView {
  /** How many times this node has booted (durable: it survives crashes). */
  boots: number;
  /** Per node id: whether this node suspects it (never itself). */
  suspected: boolean[];
  /** Per node id: when this node last heard from it, or null (never since it booted). */
  lastHeardUs: (Micros | null)[];
  /** Pongs received since it booted. */
  pongs: number;
}

const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

/** Reads a ping view out of a node's `view` field; null when the node is down or it is not one. */
export function asPingView(view: Record<string, unknown> | null | undefined): PingView | null {
  if (!view || typeof view !== 'object' || !Array.isArray(view.suspected) || !Array.isArray(view.lastHeardUs)) return null;
  return {
    boots: num(view.boots),
    suspected: (view.suspected as unknown[]).map((s) => s === true),
    lastHeardUs: (view.lastHeardUs as unknown[]).map((t) => (typeof t === 'number' && Number.isFinite(t) ? t : null)),
    pongs: num(view.pongs),
  };
}

/** What a node makes of one peer: heard from and trusted, suspected, or not heard from yet. */
export type PeerState = 'hears' | 'suspects' | 'waiting';

export function peerState(view: PingView, peer: NodeId): PeerState {
  if (view.suspected[peer]) return 'suspects';
  return view.lastHeardUs[peer] !== null && view.lastHeardUs[peer] !== undefined ? 'hears' : 'waiting';
}

/** Every other node of the topology, and how this node sees each. */
export function peersOf(view: PingView, self: NodeId): { peer: NodeId; state: PeerState }[] {
  const n = Math.max(view.suspected.length, view.lastHeardUs.length);
  const out: { peer: NodeId; state: PeerState }[] = [];
  for (let peer = 0; peer < n; peer++) if (peer !== self) out.push({ peer, state: peerState(view, peer) });
  return out;
}

/** "hears 4 of 4" and whom it suspects: the node's state as ping sees it. */
export function hearing(view: PingView, self: NodeId): { hears: number; of: number; suspects: NodeId[] } {
  const peers = peersOf(view, self);
  return {
    hears: peers.filter((p) => p.state === 'hears').length,
    of: peers.length,
    suspects: peers.filter((p) => p.state === 'suspects').map((p) => p.peer),
  };
}
