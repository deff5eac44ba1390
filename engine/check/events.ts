/** The end of the list (no event). */
export const END = -1;

/**
 * A history as Wing & Gong's list of call and return events in time order (Lowe 2017, §3): a
 * doubly linked list over typed arrays, so that linearizing an operation (lifting its call and
 * return events out of the list) and backtracking (putting them back) cost O(1). Events are
 * put back in the reverse order they were lifted, which restores every link exactly (Knuth's
 * dancing links).
 *
 * Operations are numbered 0..n-1 in call order; only those with a return are in the list (the
 * search keeps timed-out ones apart). At equal times a call comes before a return, as in
 * Porcupine: two operations are ordered only if one returned strictly before the other was
 * called, so touching intervals count as concurrent (the permissive reading when clocks are
 * coarse).
 */
export class EventList {
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  private readonly opOf: Int32Array;
  private readonly timeOf: Float64Array;
  private readonly callFlag: Uint8Array;
  private readonly callEventOf: Int32Array;
  private readonly returnEventOf: Int32Array;
  /** Index of the sentinel before the first event. */
  private readonly head: number;

  /** `calls[id]` and `returns[id]` for ids in call order; `null` returns stay out of the list. */
  constructor(calls: readonly number[], returns: readonly (number | null)[]) {
    const n = calls.length;
    const events: { time: number; isCall: boolean; op: number }[] = [];
    for (let op = 0; op < n; op++) {
      const ret = returns[op];
      if (ret === null || ret === undefined) continue;
      events.push({ time: calls[op]!, isCall: true, op }, { time: ret, isCall: false, op });
    }
    events.sort((a, b) => a.time - b.time || Number(b.isCall) - Number(a.isCall) || a.op - b.op);

    const count = events.length;
    this.head = count;
    this.next = new Int32Array(count + 1);
    this.prev = new Int32Array(count + 1);
    this.opOf = new Int32Array(count);
    this.timeOf = new Float64Array(count);
    this.callFlag = new Uint8Array(count);
    this.callEventOf = new Int32Array(n).fill(END);
    this.returnEventOf = new Int32Array(n).fill(END);
    events.forEach((event, index) => {
      this.opOf[index] = event.op;
      this.timeOf[index] = event.time;
      this.callFlag[index] = event.isCall ? 1 : 0;
      if (event.isCall) this.callEventOf[event.op] = index;
      else this.returnEventOf[event.op] = index;
      this.next[index] = index + 1 < count ? index + 1 : END;
      this.prev[index] = index === 0 ? this.head : index - 1;
    });
    this.next[this.head] = count > 0 ? 0 : END;
    this.prev[this.head] = END;
  }

  first(): number {
    return this.next[this.head]!;
  }

  after(event: number): number {
    return this.next[event]!;
  }

  isCall(event: number): boolean {
    return this.callFlag[event] === 1;
  }

  op(event: number): number {
    return this.opOf[event]!;
  }

  time(event: number): number {
    return this.timeOf[event]!;
  }

  callEvent(op: number): number {
    return this.callEventOf[op]!;
  }

  /** The first return event left: no operation called after it may be linearized yet. */
  firstReturn(): number {
    let event = this.first();
    while (event !== END && this.callFlag[event] === 1) event = this.next[event]!;
    return event;
  }

  /** Takes an operation's events out of the list: it is linearized (or left out). */
  lift(op: number): void {
    this.unlink(this.callEventOf[op]!);
    this.unlink(this.returnEventOf[op]!);
  }

  /** Undoes the latest `lift` (must be called in the reverse order of the lifts). */
  unlift(op: number): void {
    this.relink(this.returnEventOf[op]!);
    this.relink(this.callEventOf[op]!);
  }

  private unlink(event: number): void {
    const before = this.prev[event]!;
    const after = this.next[event]!;
    this.next[before] = after;
    if (after !== END) this.prev[after] = before;
  }

  private relink(event: number): void {
    const before = this.prev[event]!;
    const after = this.next[event]!;
    this.next[before] = event;
    if (after !== END) this.prev[after] = event;
  }
}
