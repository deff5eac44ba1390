/**
 * The plain binary min-heap both runners used before EventHeap (kernel/heap.ts): kept as the
 * oracle EventHeap's tests compare against, order for order.
 */
export class MinHeap<T> {
  private items: T[] = [];

  constructor(private readonly less: (a: T, b: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const items = this.items;
    let i = items.length;
    items.push(item);
    // Sift up by moving parents down, then place the item once (no swaps).
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent]!;
      if (this.less(item, p) >= 0) break;
      items[i] = p;
      i = parent;
    }
    items[i] = item;
  }

  pop(): T | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0];
    const last = items.pop()!;
    const n = items.length;
    if (n > 0) {
      // Sift `last` down from the root, moving smaller children up.
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && this.less(items[r]!, items[l]!) < 0 ? r : l;
        if (this.less(items[c]!, last) >= 0) break;
        items[i] = items[c]!;
        i = c;
      }
      items[i] = last;
    }
    return top;
  }

  /** Removes and returns every item matching `predicate`, in heap order (sorted). */
  extract(predicate: (item: T) => boolean): T[] {
    const taken = this.items.filter(predicate).sort(this.less);
    if (taken.length > 0) {
      const kept = this.items.filter((item) => !predicate(item));
      this.items = [];
      for (const item of kept) this.push(item);
    }
    return taken;
  }

  /** All items in sorted order, without removing them (snapshots). */
  sorted(): T[] {
    return [...this.items].sort(this.less);
  }
}
