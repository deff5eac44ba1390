import { firstAtOrAfter, messageKey } from '../../lib/trace-search';
import type { TraceEvent } from '../../../engine/kernel/trace';
import type { Point } from './layout';
import { messagePoint } from './message-geometry';
import { svgEl } from './svg';

/**
 * Lost messages made visible: a brief red cross where a message vanished. Each frame reads only
 * the tail of the trace (a binary search for the time window, at most MAX_SCAN events), so it
 * stays cheap with a 20,000-event history. Framework-free `{ update, destroy }`.
 */
export interface DropBurstDeps {
  lastPosition(key: string): Point | undefined;
  center(id: number): Point | undefined;
}

export interface DropBursts {
  /** A burst now, for a message the user just clicked (its later trace event is then skipped). */
  burstAt(key: string, pos: Point, label: string, wallMs: number, reducedMotion: boolean): void;
  update(trace: readonly TraceEvent[], now: number, windowUs: number, wallMs: number, reducedMotion: boolean): void;
  destroy(): void;
}

type DropEvent = Extract<TraceEvent, { kind: 'drop' }>;

export const BURST_MS = 900;
const MAX_SCAN = 400;
const MAX_BURSTS = 40;


/** Drop events with at in (from, to], newest last, at most `max` of them. */
export function dropsBetween(trace: readonly TraceEvent[], from: number, to: number, max = MAX_SCAN): DropEvent[] {
  const end = firstAtOrAfter(trace, to + 1);
  const out: DropEvent[] = [];
  for (let i = end - 1; i >= 0 && end - i <= max; i--) {
    const e = trace[i]!;
    if (e.at <= from) break;
    if (e.kind === 'drop') out.push(e);
  }
  return out.reverse();
}



export function createDropBursts(root: SVGGElement, deps: DropBurstDeps): DropBursts {
  const shown = new Map<string, number>();
  const bursts: { g: SVGGElement; born: number }[] = [];
  let lastNow = Number.NaN;

  function spawn(e: DropEvent, wallMs: number, reducedMotion: boolean) {
    const key = messageKey(e.id);
    let pos = deps.lastPosition(key);
    if (!pos) {
      // Lost before it was ever drawn (at send time): just outside the sender.
      const a = deps.center(e.from);
      const b = deps.center(e.to);
      if (!a || !b) return;
      pos = messagePoint(a, b, 0.12, 70, 10);
    }
    draw(pos, `${e.msgType} lost (${e.reason})`, wallMs, reducedMotion);
  }

  function draw(pos: Point, label: string, wallMs: number, reducedMotion: boolean) {
    const g = svgEl('g', { class: `cv-burst${reducedMotion ? ' cv-burst-still' : ''}`, transform: `translate(${pos.x.toFixed(1)},${pos.y.toFixed(1)})` }, root);
    svgEl('title', {}, g).textContent = label;
    svgEl('circle', { class: 'cv-burst-ring', r: 16 }, g);
    svgEl('path', { class: 'cv-burst-x', d: 'M-11,-11L11,11M11,-11L-11,11' }, g);
    bursts.push({ g, born: wallMs });
    while (bursts.length > MAX_BURSTS) bursts.shift()!.g.remove();
  }

  return {
    burstAt(key, pos, label, wallMs, reducedMotion) {
      shown.set(key, wallMs);
      draw(pos, label, wallMs, reducedMotion);
    },
    update(trace, now, windowUs, wallMs, reducedMotion) {
      // A seek or a big jump: remember where we are, but do not replay a storm of old drops.
      const jumped = Number.isNaN(lastNow) || now < lastNow - windowUs || now - lastNow > 4 * windowUs;
      const drops = jumped ? [] : dropsBetween(trace, now - windowUs, now);
      lastNow = now;
      for (const e of drops) {
        const key = messageKey(e.id);
        if (shown.has(key)) continue;
        shown.set(key, wallMs);
        spawn(e, wallMs, reducedMotion);
      }
      if (shown.size > 512) for (const [k, t] of shown) if (wallMs - t > 10_000) shown.delete(k);
      while (bursts.length > 0 && wallMs - bursts[0]!.born > BURST_MS) bursts.shift()!.g.remove();
      if (reducedMotion) return;
      for (const b of bursts) {
        const t = (wallMs - b.born) / BURST_MS;
        b.g.style.opacity = String(Math.max(0, 1 - t * t));
        b.g.style.setProperty('--burst-scale', String(0.7 + 0.8 * Math.sqrt(t)));
      }
    },
    destroy() {
      for (const b of bursts) b.g.remove();
      bursts.length = 0;
      shown.clear();
    },
  };
}
