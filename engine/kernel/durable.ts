import { clonePlain } from './plain';
import { keptOf } from './hand-over';

/**
 * A node's durable storage (kept across a crash): string keys, plus numbered items stored
 * without a key string each. `name/17` (a name, a slash, a whole number written the canonical
 * way) lives in the numbered part under (name, 17), whichever spelling wrote it, so `put` and
 * `putAt` share one keyspace. Raft's log writes a key per entry ('log/17'): a Map keyed by such
 * strings cost a string build and hash per write and per delete (~15% of a run, issue 12).
 *
 * Handed out as the record it always was (crash, snapshots, a worker's hand-over): plain keys
 * in insertion order, then each name's items in ascending index order. Only key order differs
 * from the old record, which nothing reads (recovery reads by key).
 */
export class DurableData {
  private readonly plain = new Map<string, unknown>();
  private readonly numbered = new Map<string, NumberedItems>();

  /** From a record (a restart's durable writes, a snapshot's); values are taken as they are. */
  static fromRecord(record: Record<string, unknown>): DurableData {
    const data = new DurableData();
    for (const key in record) data.set(key, record[key]);
    return data;
  }

  get(key: string): unknown {
    const at = splitKey(key);
    return at === null ? this.plain.get(key) : this.numbered.get(at.name)?.get(at.index);
  }

  /** Stores a copy of `value` (plain data). */
  put(key: string, value: unknown): void {
    this.set(key, clonePlain(value));
  }

  delete(key: string): void {
    const at = splitKey(key);
    if (at === null) this.plain.delete(key);
    else this.numbered.get(at.name)?.delete(at.index);
  }

  getAt(name: string, index: number): unknown {
    return this.numbered.get(name)?.get(checkIndex(index));
  }

  /** Stores a copy of `value`, or with `given` the value itself (kernel/hand-over.ts). */
  putAt(name: string, index: number, value: unknown, given = false): void {
    this.items(name).set(checkIndex(index), keptOf(value, given));
  }

  deleteAt(name: string, index: number): void {
    this.numbered.get(name)?.delete(checkIndex(index));
  }

  /** The store as a record with no prototype, every numbered item under its `name/index` key. */
  record(): Record<string, unknown> {
    const record: Record<string, unknown> = Object.create(null);
    for (const [key, value] of this.plain) record[key] = value;
    for (const [name, items] of this.numbered) items.each((index, value) => void (record[`${name}/${index}`] = value));
    return record;
  }

  private set(key: string, value: unknown): void {
    const at = splitKey(key);
    if (at === null) this.plain.set(key, value);
    else this.items(at.name).set(at.index, value);
  }

  private items(name: string): NumberedItems {
    let items = this.numbered.get(name);
    if (!items) this.numbered.set(name, (items = new NumberedItems()));
    return items;
  }
}

/** Marks a hole in the dense run (a value of its own, so a stored `undefined` stays an item). */
const HOLE: unique symbol = Symbol('hole');

/**
 * One name's numbered items. A log appends at its end and drops a prefix (compaction) or a
 * suffix (a conflict), so items live in a dense run of slots from index `first` on; a slot's
 * HOLE is a deleted item. Anything that does not extend the run (a write before it or past its
 * end) goes to a Map beside it, so every sequence of writes reads back as a Map would
 * (durable.test.ts checks it against the old store). A Map per log cost a hash per write and per
 * delete (issue 12).
 */
class NumberedItems {
  /** The index of slots[head]. */
  private first = 0;
  private slots: unknown[] = [];
  /** Slots before it are dropped; slots[head] and slots[slots.length - 1] are never HOLE. */
  private head = 0;
  private other: Map<number, unknown> | null = null;

  get(index: number): unknown {
    const at = index - this.first + this.head;
    if (at >= this.head && at < this.slots.length) {
      const value = this.slots[at];
      return value === HOLE ? undefined : value;
    }
    return this.other?.get(index);
  }

  set(index: number, value: unknown): void {
    const slots = this.slots;
    if (slots.length === this.head && !this.other?.has(index)) {
      // An empty run starts here.
      slots.length = 0;
      this.head = 0;
      this.first = index;
      slots.push(value);
      return;
    }
    const at = index - this.first + this.head;
    if (at >= this.head && at < slots.length) slots[at] = value;
    else if (at === slots.length && !this.other?.has(index)) slots.push(value);
    else (this.other ??= new Map()).set(index, value);
  }

  delete(index: number): void {
    const slots = this.slots;
    const at = index - this.first + this.head;
    if (!(at >= this.head && at < slots.length)) {
      this.other?.delete(index);
      return;
    }
    slots[at] = HOLE;
    // Keep both ends on items: trim holes at the end, move the head past holes at the start.
    while (slots.length > this.head && slots[slots.length - 1] === HOLE) slots.pop();
    while (this.head < slots.length && slots[this.head] === HOLE) {
      this.head++;
      this.first++;
    }
    if (this.head === slots.length) {
      slots.length = 0;
      this.head = 0;
    } else if (this.head > 64 && this.head * 2 > slots.length) {
      // A plain loop: copyWithin on an array of objects takes a slow generic path.
      const head = this.head;
      const kept = slots.length - head;
      for (let k = 0; k < kept; k++) slots[k] = slots[head + k];
      slots.length = kept;
      this.head = 0;
    }
  }

  /** Every item in ascending index order. */
  each(visit: (index: number, value: unknown) => void): void {
    const slots = this.slots;
    const other = this.other && this.other.size > 0 ? [...this.other.keys()].sort((a, b) => a - b) : [];
    let k = 0;
    for (let at = this.head; at < slots.length; at++) {
      const index = this.first + at - this.head;
      while (k < other.length && other[k]! < index) visit(other[k]!, this.other!.get(other[k]!)), k++;
      const value = slots[at];
      if (value !== HOLE) visit(index, value);
    }
    for (; k < other.length; k++) visit(other[k]!, this.other!.get(other[k]!));
  }
}

function checkIndex(index: number): number {
  if (!(Number.isSafeInteger(index) && index >= 0)) throw new RangeError(`a durable item's index must be a whole number >= 0, got ${index}`);
  return index;
}

/**
 * `name/17` -> { name, index: 17 } when the part after the last slash is a whole number written
 * the canonical way (no sign, no leading zero, safe); null for every other key.
 */
export function splitKey(key: string): { name: string; index: number } | null {
  const slash = key.lastIndexOf('/');
  if (slash < 0 || slash === key.length - 1) return null;
  const digits = key.length - slash - 1;
  if (digits > 16) return null;
  const first = key.charCodeAt(slash + 1);
  if (first === 48 /* 0 */ && digits > 1) return null;
  let index = 0;
  for (let i = slash + 1; i < key.length; i++) {
    const c = key.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return null;
    index = index * 10 + c;
  }
  // Sixteen digits may pass 2^53: such a number is no index (putAt refuses it too).
  if (index > Number.MAX_SAFE_INTEGER) return null;
  return { name: key.slice(0, slash), index };
}
