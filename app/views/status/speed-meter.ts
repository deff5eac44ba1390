import type { Micros } from '../../../engine/kernel/time';

/** How much wall time the meter looks back over, and the least it needs before it says anything. */
const WINDOW_MS = 2_000;
const MIN_SPAN_MS = 1_000;
/** A gap between two updates longer than this means the page was not running: start over. */
const STALE_GAP_MS = 750;

/**
 * The speed the run really reaches: virtual time gained per wall second over the last couple of
 * seconds. Many servers on few cores cannot always keep up with 100×, and the status line should
 * say so rather than repeat the slider. Pure: the caller feeds it wall and virtual times.
 */
export class SpeedMeter {
  private samples: { wallMs: number; at: Micros }[] = [];

  sample(wallMs: number, at: Micros): void {
    const last = this.samples[this.samples.length - 1];
    // Time went back (a seek), or the page stopped drawing for a while (a hidden tab pauses the
    // run): what came before says nothing about the speed now.
    if (last && (at < last.at || wallMs - last.wallMs > STALE_GAP_MS)) this.samples = [];
    const tail = this.samples[this.samples.length - 1];
    if (!tail || at !== tail.at) this.samples.push({ wallMs, at });
    while (this.samples.length > 2 && wallMs - this.samples[1]!.wallMs >= WINDOW_MS) this.samples.shift();
  }

  reset(): void {
    this.samples = [];
  }

  /** Virtual seconds per wall second, or null until it has watched long enough. */
  speed(wallMs: number): number | null {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || wallMs - first.wallMs < MIN_SPAN_MS) return null;
    return (last.at - first.at) / 1000 / (wallMs - first.wallMs);
  }
}

/**
 * The status line's words for the clock. Below 85% of the chosen speed it adds what the run
 * reaches, so nobody takes the slider's figure for the simulation's.
 */
export function speedText(playing: boolean, chosen: number, reached: number | null): string {
  if (!playing) return 'paused';
  const text = `running at ${chosen}×`;
  if (reached === null || reached >= 0.85 * chosen) return text;
  return `${text}, reaching ${formatSpeed(reached)}× (the simulation cannot keep up)`;
}

function formatSpeed(x: number): string {
  if (x >= 10) return String(Math.round(x));
  if (x >= 1) return x.toFixed(1);
  return x.toPrecision(2);
}
