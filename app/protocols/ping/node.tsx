import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { serverName } from '../../lib/format';
import { useSim } from '../../store/store';
import type { NodeState } from '../../store/types';
import type { NodeBodyProps, NodeLook } from '../ui';
import { asPingView, hearing, peersOf, type PeerState } from './view';

/**
 * A ping node in the cluster view: a badge saying whether it hears everyone, its name, boot
 * count and how many peers it hears on the disc, and under the disc one square per peer (filled:
 * heard from; crossed: suspected; hollow: not heard yet).
 */

export function pingLook(node: NodeState | undefined, _nodes: readonly NodeState[]): NodeLook {
  if (!node) return { tone: 'unknown', label: '?' };
  if (!node.up) return { tone: 'down', label: `${node.name}, crashed` };
  const view = asPingView(node.view);
  if (!view) return { tone: 'unknown', label: `${node.name}, starting` };
  const h = hearing(view, node.id);
  const parts = [node.name, 'alive', `hears ${h.hears} of ${h.of}`];
  if (h.suspects.length > 0) parts.push(`suspects ${h.suspects.map(serverName).join(', ')}`);
  return { tone: h.suspects.length > 0 ? 'suspecting' : 'alive', label: parts.join(', ') };
}

/** What the body draws, as primitives (a shallow compare keeps re-renders to real changes). */
function summary(node: NodeState | undefined) {
  const view = node?.up ? asPingView(node.view) : null;
  if (!node || !view) return { name: node?.name ?? '?', up: node?.up ?? false, boots: 0, hears: 0, of: 0, suspects: '', peers: '' };
  const h = hearing(view, node.id);
  return {
    name: node.name,
    up: true,
    boots: view.boots,
    hears: h.hears,
    of: h.of,
    suspects: h.suspects.map(serverName).join(', '),
    // "1:hears 2:suspects ...": a string keeps the compare shallow.
    peers: peersOf(view, node.id)
      .map((p) => `${p.peer}:${p.state}`)
      .join(' '),
  };
}

function PingNodeBodyImpl({ id, look, disc }: NodeBodyProps) {
  const s = useSim(useShallow((st) => summary(st.nodes.find((n) => n.id === id))));
  const badge = look.tone === 'down' ? 'Crashed' : s.suspects ? `Suspects ${s.suspects}` : look.tone === 'alive' ? 'Alive' : 'Starting';
  const peers = s.peers ? s.peers.split(' ').map((p) => p.split(':') as [string, PeerState]) : [];
  return (
    <>
      <div className="cv-badge">
        <span aria-hidden="true">{look.tone === 'down' ? '✕' : s.suspects ? '⚠' : '♥'}</span>
        <span>{badge}</span>
      </div>
      <div className="cv-disc" aria-hidden="true" style={disc}>
        <span className="cv-name">{s.name}</span>
        {s.up && <span className="ping-boots">boot {s.boots}</span>}
        {s.up && <span className="cv-detail">hears {s.hears}/{s.of}</span>}
      </div>
      {s.up && peers.length > 0 && (
        <div className="ping-peers" aria-hidden="true" title={`hears ${s.hears} of ${s.of}${s.suspects ? `, suspects ${s.suspects}` : ''}`}>
          {peers.map(([peer, state]) => (
            <span key={peer} className={`ping-peer ping-peer--${state}`}>
              {Number(peer) + 1}
            </span>
          ))}
        </div>
      )}
    </>
  );
}

export const PingNodeBody = memo(PingNodeBodyImpl);
