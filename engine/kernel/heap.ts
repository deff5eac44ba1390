/** A binary min-heap; the event queues of both runners. */
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
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.less(items[i]!, items[parent]!) >= 0) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): T | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0];
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && this.less(items[l]!, items[m]!) < 0) m = l;
        if (r < items.length && this.less(items[r]!, items[m]!) < 0) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
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
