import { EventHeap } from '../engine/kernel/heap';
import { compareKeys, type EventKey } from '../engine/kernel/key';

/**
 * The bare event loop, the in-process runner's ceiling: keyed events through the kernel's heap,
 * each handled event scheduling the next one of its node (a timer-like chain, 5 nodes), nothing
 * else: no protocol, no network model, no trace. Events per second over `events` events.
 */
export function benchBareEventLoop(events = 3_000_000, nodes = 5): number {
  const loop = () => {
    const heap = new EventHeap<EventKey>(compareKeys);
    for (let node = 0; node < nodes; node++) heap.push({ at: node, node, originNode: node, originIncarnation: 0, originSeq: 0 });
    let handled = 0;
    while (handled < events) {
      const e = heap.pop()!;
      handled++;
      heap.push({ at: e.at + 1000 + ((e.originSeq * 7919) % 997), node: e.node, originNode: e.node, originIncarnation: 0, originSeq: e.originSeq + 1 });
    }
    return handled;
  };
  loop(); // warm-up
  const started = performance.now();
  const handled = loop();
  return Math.round(handled / ((performance.now() - started) / 1000));
}
