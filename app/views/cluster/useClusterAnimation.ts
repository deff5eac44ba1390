import { useEffect } from 'react';
import type { ProtocolUi } from '../../protocols/ui';
import { useSim, nodeName } from '../../store/store';
import { dispatch } from '../../session/commands';
import { select } from '../../session/selection';
import { createDropBursts } from './drop-bursts';
import type { Point } from './layout';
import { createMessageLayer } from './MessageLayer';
import type { TimerArcs } from './timer-arcs';
import { createDisplayClock } from './virtual-clock';

/** With reduced motion, positions are redrawn four times a second instead of every frame. */
const REDUCED_MOTION_FRAME_MS = 250;

export interface AnimationTargets {
  messages: SVGGElement | null;
  bursts: SVGGElement | null;
}

/**
 * The one requestAnimationFrame loop of the cluster view: every frame it reads the store with
 * `useSim.getState()` (never through a React render) and moves messages, drop bursts and timer
 * arcs. Node centres come from `centers`, which the layout keeps current while nodes are dragged.
 */
export function useClusterAnimation(
  targets: AnimationTargets,
  centers: { readonly current: ReadonlyMap<number, Point> },
  arcs: TimerArcs,
  reducedMotion: boolean,
  ui: ProtocolUi,
): void {
  const { messages, bursts } = targets;
  useEffect(() => {
    if (!messages || !bursts) return;
    const center = (id: number) => centers.current.get(id);
    const drops = createDropBursts(bursts, { center, lastPosition: (key) => layer.lastPosition(key) });
    const layer = createMessageLayer(messages, {
      center,
      nameOf: (id) => useSim.getState().nodes.find((n) => n.id === id)?.name ?? nodeName(id),
      messages: ui.messages,
      onPick: (key, pos) => {
        if (pos) drops.burstAt(key, pos, 'dropped by you', performance.now(), reducedMotion);
        dispatch('dropMessage', key);
        select({ kind: 'message', key });
      },
    });
    const clock = createDisplayClock();
    let raf = 0;
    let lastDraw = -Infinity;
    const frame = (wallMs: number) => {
      raf = requestAnimationFrame(frame);
      if (reducedMotion && wallMs - lastDraw < REDUCED_MOTION_FRAME_MS) return;
      lastDraw = wallMs;
      const s = useSim.getState();
      const now = clock.read(s, wallMs);
      layer.update(s.inFlight, now, wallMs);
      // The drops of about the last half second of wall time, in virtual time.
      const windowUs = Math.max(5_000, s.speed * 500_000);
      drops.update(s.trace, Math.min(now, s.now), windowUs, wallMs, reducedMotion);
      arcs.update(s.nodes, now, ui.node.ringTimer);
    };
    raf = requestAnimationFrame(frame);
    return () => {
      cancelAnimationFrame(raf);
      layer.destroy();
      drops.destroy();
    };
  }, [messages, bursts, centers, arcs, reducedMotion, ui]);
}

