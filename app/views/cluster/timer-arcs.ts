import type { NodeState } from '../../store/types';

/**
 * One timer per node (the protocol names it: `node.ringTimer`, Raft's election timer) drawn as
 * a shrinking arc, updated per animation frame without React: each node shell registers its arc
 * element (an SVG circle with pathLength 1) and the frame loop sets its dash to the fraction of
 * the timeout left. Framework-free.
 */
export interface TimerArcs {
  register(node: number, el: SVGCircleElement | null): void;
  /** Draws each node's timer called `name` (none at all when null). */
  update(nodes: readonly NodeState[], now: number, name: string | null): void;
}

/** (dueAt - now) / (dueAt - setAt), clamped to [0, 1]; null when the node has no such timer. */
export function timerFraction(node: NodeState, now: number, name: string): number | null {
  if (!node.up) return null;
  let timer = null;
  for (const t of node.timers) if (t.name === name && (timer === null || t.dueAt > timer.dueAt)) timer = t;
  if (!timer) return null;
  const span = timer.dueAt - timer.setAt;
  if (span <= 0) return 0;
  return Math.min(1, Math.max(0, (timer.dueAt - now) / span));
}

export function createTimerArcs(): TimerArcs {
  const arcs = new Map<number, { el: SVGCircleElement; shown: number }>();
  return {
    register(node, el) {
      if (el) arcs.set(node, { el, shown: Number.NaN });
      else arcs.delete(node);
    },
    update(nodes, now, name) {
      if (name === null) return;
      for (const node of nodes) {
        const arc = arcs.get(node.id);
        if (!arc) continue;
        const f = timerFraction(node, now, name) ?? -1;
        // A thousandth of a turn is below a pixel even on a projector: skip the DOM write.
        if (Math.abs(f - arc.shown) < 0.001) continue;
        // Only what changed is written: each write costs a style pass for the node (issue 12).
        const was = arc.shown;
        arc.shown = f;
        if (f < 0) {
          arc.el.style.visibility = 'hidden';
        } else {
          if (!(was >= 0)) arc.el.style.visibility = 'visible';
          arc.el.setAttribute('stroke-dasharray', `${f.toFixed(4)} 1`);
          if (!(was >= 0) || was < 0.2 !== f < 0.2) arc.el.classList.toggle('cv-timer-low', f < 0.2);
        }
      }
    },
  };
}
