import { plantedBugs, type PlantedBug } from '../lib/planted-bugs';

/**
 * Planted balancer bugs for mutation.test.ts (after swim/mutants.ts): each is a textual edit of
 * one file of this folder, planted in a bundled copy, never in the code itself; the chaos runs
 * of chaos-scenario.ts must catch every one through the real monitors. An anchor must occur
 * exactly once, so a change to the code under it fails the test loudly instead of testing nothing.
 */
export type BalancerMutant = PlantedBug;

export const BALANCER_MUTANTS: readonly BalancerMutant[] = plantedBugs<BalancerMutant>([
  {
    id: 'route-to-ejected',
    bug: 'the balancer keeps sending to servers it ejected (outlier detection marks them and nothing reads the mark)',
    file: 'algorithms.ts',
    swap: ['const candidates = s.servers.filter((id) => !(String(id) in s.ejectedUntil));', 'const candidates = [...s.servers];'],
    symptoms: ['No forward to an ejected server'],
  },
  {
    id: 'queue-bound-off-by-one',
    bug: 'a server sheds only once its queue is over the bound, so the queue holds one more than allowed',
    file: 'server.ts',
    swap: ['s.queue.length >= s.config.queueLimit', 's.queue.length > s.config.queueLimit'],
    symptoms: ['A bounded queue stays within its bound'],
  },
  {
    id: 'reply-with-first-epoch',
    bug: "a server answers every forward as if it came from the balancer's first life",
    file: 'server.ts',
    swap: ["ctx.send(job.balancer, { type: 'Reply', epoch: job.epoch, seq: job.seq, ok: true });", "ctx.send(job.balancer, { type: 'Reply', epoch: 1, seq: job.seq, ok: true });"],
    symptoms: ['A reply answers a forward'],
  },
  {
    id: 'keep-finished-forward',
    bug: 'the balancer forgets to retire a finished forward, so a duplicated reply answers the client a second time',
    file: 'balancer-node.ts',
    swap: ['delete s.inFlight[seq];', ''],
    symptoms: ['A response answers a request'],
  },
  {
    id: 'least-outstanding-picks-most',
    bug: 'least outstanding picks the server with the most requests in flight',
    file: 'algorithms.ts',
    swap: ['const least = Math.min(...candidates.map(out));', 'const least = Math.max(...candidates.map(out));'],
    symptoms: ['Least outstanding picks a least-loaded server'],
  },
  {
    id: 'hash-with-another-seed',
    bug: 'consistent hashing hashes keys differently from the ring (a second seed), so keys land off their owner',
    file: 'algorithms.ts',
    swap: ['const start = successorIndex(ring, murmur32(key));', 'const start = successorIndex(ring, murmur32(key, 7));'],
    symptoms: ['Consistent hashing keeps keys in place'],
  },
  {
    id: 'ignore-pools',
    bug: 'a balancer of split pools sends to every server, its neighbours\' too',
    file: 'balancer-node.ts',
    swap: ["const servers = serversOf(config, ctx.nodesOf('server'), ctx.nodesOf('balancer'), ctx.self);", "const servers = [...ctx.nodesOf('server')];"],
    symptoms: ['A balancer keeps to its pool'],
  },
]);
