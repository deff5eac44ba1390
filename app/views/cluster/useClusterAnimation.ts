import { useEffect } from 'react';
import type { ProtocolUi } from '../../protocols/ui';
import { useSim, nodeName } from '../../store/store';
import { dispatch } from '../../session/commands';
import { select } from '../../session/selection';
import { useStoreApi } from '@xyflow/react';
import { createDropBursts } from './drop-bursts';
import { centersKey, flowCenter } from './flow-center';
import type { Point } from './layout';
import { createLinkCanvas, type MeshLink } from './link-canvas';
import { createMessageLayer } from './MessageLayer';
import type { TimerArcs } from './timer-arcs';
import { createDisplayClock } from './virtual-clock';

/** With reduced motion, positions are redrawn four times a second instead of every frame. */
const REDUCED_MOTION_FRAME_MS = 250;

export interface AnimationTargets {
  messages: SVGGElement | null;
  bursts: SVGGElement | null;
  /** Where the mesh of links is painted, and the hidden SVG its looks are read from. */
  linkCanvas: HTMLCanvasElement | null;
  linkProbe: SVGSVGElement | null;
}

/**
 * The one requestAnimationFrame loop of the cluster view: every frame it reads the store with
 * `useSim.getState()` (never through a React render) and moves messages, drop bursts and timer
 * arcs. Node centres come from `centers`, which the layout keeps current while nodes are dragged.
 */
export function useClusterAnimation(
  targets: AnimationTargets,
  centers: { readonly current: ReadonlyMap<number, Point> },
  mesh: { readonly current: { ids: readonly number[]; links: readonly MeshLink[]; dense: boolean } },
  arcs: TimerArcs,
  reducedMotion: boolean,
  ui: ProtocolUi,
): void {
  const { messages, bursts, linkCanvas, linkProbe } = targets;
  const flow = useStoreApi();
  useEffect(() => {
    if (!messages || !bursts || !linkCanvas || !linkProbe) return;
    const linkPainter = createLinkCanvas(linkCanvas, linkProbe);
    // Where xyflow draws each node (clamped to the view while it makes room for a drag), and the
    // layout's own centre before xyflow knows the node.
    const center = (id: number) => flowCenter(flow.getState().nodeLookup, id) ?? centers.current.get(id);
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
      const s = useSim.getState();
      // Links follow the view and the network at once, reduced motion or not (a no-op unless something changed).
      const flowState = flow.getState();
      const view = { center, transform: flowState.transform, width: flowState.width, height: flowState.height };
      linkPainter.update({
        ...mesh.current,
        centers: `${centersKey(flowState.nodeLookup, mesh.current.ids)}|${centers.current.size}`,
        state: s.links,
        selection: s.selection,
        ...view,
        presenter: document.documentElement.classList.contains('presenter'),
      });
      if (reducedMotion && wallMs - lastDraw < REDUCED_MOTION_FRAME_MS) return;
      lastDraw = wallMs;
      const now = clock.read(s, wallMs);
      layer.update(s.inFlight, now, wallMs);
      // The drops of about the last half second of wall time, in virtual time.
      const windowUs = Math.max(5_000, s.speed * 500_000);
      drops.update(s.trace, Math.min(now, s.now), windowUs, wallMs, reducedMotion);
      arcs.update(s.nodes, now, ui.node.ringTimer, view);
    };
    raf = requestAnimationFrame(frame);
    return () => {
      cancelAnimationFrame(raf);
      layer.destroy();
      drops.destroy();
    };
  }, [messages, bursts, linkCanvas, linkProbe, flow, centers, mesh, arcs, reducedMotion, ui]);
}

