/**
 * The runners' event queue (in process, and each node worker's): a binary min-heap of events in
 * canonical key order (key.ts) that keeps each event's instant in a parallel array of numbers. Most comparisons are decided by the
 * instant alone, read from that array; the events themselves come in many shapes (messages with
 * or without a span, timers, commands), and reading their fields was the heap's main cost
 * (issue 12). Ties go to the full comparison, so the order is exactly a plain heap's
 * (test-support/min-heap.ts, the oracle of heap.test.ts).
 */
export class EventHeap<T extends { readonly at: number }> {
  private items: T[] = [];
  private ats: number[] = [];

  constructor(private readonly less: (a: T, b: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  /** The instant of the first event; MAX_SAFE_INTEGER when empty. */
  peekAt(): number {
    return this.ats.length > 0 ? this.ats[0]! : Number.MAX_SAFE_INTEGER;
  }

  push(item: T): void {
    const items = this.items;
    const ats = this.ats;
    const at = item.at;
    let i = items.length;
    items.push(item);
    ats.push(at);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pAt = ats[parent]!;
      if (at > pAt || (at === pAt && this.less(item, items[parent]!) >= 0)) break;
      items[i] = items[parent]!;
      ats[i] = pAt;
      i = parent;
    }
    items[i] = item;
    ats[i] = at;
  }

  pop(): T | undefined {
    const items = this.items;
    const ats = this.ats;
    if (items.length === 0) return undefined;
    const top = items[0];
    const last = items.pop()!;
    const lastAt = ats.pop()!;
    const n = items.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let c = l;
        if (r < n) {
          const rAt = ats[r]!;
          const lAt = ats[l]!;
          if (rAt < lAt || (rAt === lAt && this.less(items[r]!, items[l]!) < 0)) c = r;
        }
        const cAt = ats[c]!;
        if (cAt > lastAt || (cAt === lastAt && this.less(items[c]!, last) >= 0)) break;
        items[i] = items[c]!;
        ats[i] = cAt;
        i = c;
      }
      items[i] = last;
      ats[i] = lastAt;
    }
    return top;
  }

  /** Removes and returns every item matching `predicate`, in heap order (sorted). */
  extract(predicate: (item: T) => boolean): T[] {
    const taken = this.items.filter(predicate).sort(this.less);
    if (taken.length > 0) {
      const kept = this.items.filter((item) => !predicate(item));
      this.items = [];
      this.ats = [];
      for (const item of kept) this.push(item);
    }
    return taken;
  }

  /** All items in sorted order, without removing them (snapshots). */
  sorted(): T[] {
    return [...this.items].sort(this.less);
  }
}
