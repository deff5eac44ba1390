import type { Monitor, Violation } from '../../kernel/protocol';
import { sometimesMonitor } from '../../kernel/sometimes';
import type { Micros } from '../../kernel/time';
import { nodeName, nodesOf, type TopologyLayout } from '../../kernel/topology';
import type { MessageId, TraceEvent } from '../../kernel/trace';
import { ringOf, ringOwner } from './algorithms';
import { algorithmOf, balancerOfClient, serversOf, type Algorithm, type BalancerConfig } from './config';
import { percentile } from './percentiles';

/**
 * The balancer's invariants as code, over the canonical trace (README.md, "Invariants"):
 *
 * *always*
 * - **A response answers a request**: a balancer answers a client's operation only as many
 *   times as that request reached it.
 * - **A reply answers a forward**: a server replies to a forward only as many times as that
 *   forward reached it in its current life (it never serves more than it was sent).
 * - **A queue holds only what was sent**: a server's queue is never longer than the forwards it
 *   received and has not answered.
 * - **A bounded queue stays within its bound** (`queueLimit`).
 * - **No forward to an ejected server** (with ejection on): between a balancer's `eject` of a
 *   server and its `readmit`, it sends that server nothing.
 * - **A balancer keeps to its pool**: with split pools, a balancer sends only to its own block.
 * - **Least outstanding picks a least-loaded server**: a least-outstanding balancer sends a
 *   request to a server with the fewest of its forwards in flight (forwards it sent minus the
 *   answers it relayed naming that server) among those it has not ejected.
 * - **Consistent hashing keeps keys in place**: a consistent-hash balancer sends a key to its
 *   first server clockwise on the ring among those it has not ejected.
 *
 * Stats, per algorithm (each balancer's clients' operations, from invoke to return): requests,
 * answered, errors, p50/p95/p99 latency and throughput; per server: the longest and the mean
 * queue, requests served and shed; ejections.
 */
interface AlgoTally {
  balancers: string[];
  requests: number;
  ok: number;
  errors: number;
  byError: Record<string, number>;
  latenciesUs: number[];
}

interface ServerTally {
  queue: number;
  maxQueue: number;
  sinceUs: Micros;
  areaUs: number;
  served: number;
  shed: number;
}

interface State {
  /** Messages in flight by id, only those the invariants need: what they were. */
  inFlight: Record<string, { type: string; from: number; to: number; opId?: number; epoch?: number; seq?: number }>;
  /** Requests that reached each balancer minus its responses, `${balancer}:${client}:${opId}`. */
  requestsOpen: Record<string, number>;
  /** Forwards that reached each server in its current life minus its replies, `${server}:${balancer}:${epoch}:${seq}`. */
  forwardsOpen: Record<string, number>;
  /** The same, as a count per server. */
  openPerServer: Record<string, number>;
  /** Servers each balancer (current life) has ejected. */
  ejected: Record<string, number[]>;
  invoked: Record<string, Micros>;
  algos: Record<string, AlgoTally>;
  servers: Record<string, ServerTally>;
  ejections: number;
  /** Each balancer's forwards in flight per server, `${balancer}:${server}`, as its messages tell. */
  outstanding: Record<string, number>;
  /** Each node's last send, to tell the network's duplicate copy (same instant, next seq, same message) from a second send. */
  lastSend: Record<string, { at: Micros; to: number; fromSeq: number; json: string }>;
}

const idKey = (id: MessageId) => `${id.from}.${id.fromIncarnation}.${id.fromSeq}`;

function safetyMonitor(config: BalancerConfig, layout: TopologyLayout): Monitor {
  const serverIds = nodesOf(layout, 'server');
  const balancers = nodesOf(layout, 'balancer');
  const clients = nodesOf(layout, 'client');
  const name = (id: number) => nodeName(layout, id);
  const algoOf = (b: number): Algorithm => algorithmOf(config, balancers, b);
  // Each balancer's own servers (all of them, or its block with split pools) and its ring.
  const poolOf = new Map(balancers.map((b) => [b, serversOf(config, serverIds, balancers, b)]));
  const ringOfBalancer = new Map(balancers.map((b) => [b, ringOf(poolOf.get(b)!.map(name), config.vnodes)]));
  const serverByName = new Map(serverIds.map((id) => [name(id), id]));
  const fresh = (): State => {
    const algos: Record<string, AlgoTally> = {};
    for (const b of balancers) {
      const a = (algos[algoOf(b)] ??= { balancers: [], requests: 0, ok: 0, errors: 0, byError: {}, latenciesUs: [] });
      a.balancers.push(name(b));
    }
    return {
      inFlight: {},
      requestsOpen: {},
      forwardsOpen: {},
      openPerServer: {},
      ejected: {},
      invoked: {},
      algos,
      servers: Object.fromEntries(serverIds.map((s) => [s, { queue: 0, maxQueue: 0, sinceUs: 0, areaUs: 0, served: 0, shed: 0 }])),
      ejections: 0,
      outstanding: {},
      lastSend: {},
    };
  };
  let st = fresh();

  const setQueue = (server: number, value: number, at: Micros) => {
    const t = st.servers[server];
    if (!t) return;
    t.areaUs += t.queue * (at - t.sinceUs);
    t.queue = value;
    t.sinceUs = at;
    t.maxQueue = Math.max(t.maxQueue, value);
  };
  const violation = (invariant: string, message: string, event: TraceEvent): Violation => ({ invariant, message, event });
  const tallyOf = (client: number) => {
    const b = balancerOfClient(clients, balancers, client);
    return b === null ? undefined : st.algos[algoOf(b)];
  };

  return {
    observe(e) {
      switch (e.kind) {
        case 'send': {
          const m = e.msg as { type: string; opId?: number; epoch?: number; seq?: number; key?: string; ok?: boolean };
          const from = e.node;
          if (m.type === 'ClientRequest' || m.type === 'Forward') {
            st.inFlight[idKey(e.id)] = { type: m.type, from, to: e.to, opId: m.opId, epoch: m.epoch, seq: m.seq };
          }
          // The network's duplicate of the send just before: one protocol send, already judged.
          const json = JSON.stringify(m);
          const last = st.lastSend[from];
          st.lastSend[from] = { at: e.at, to: e.to, fromSeq: e.id.fromSeq, json };
          if (last && last.at === e.at && last.to === e.to && last.fromSeq + 1 === e.id.fromSeq && last.json === json) return undefined;
          if (m.type === 'ClientResponse' && balancers.includes(from)) {
            const k = `${from}:${e.to}:${m.opId}`;
            const via = serverByName.get(String((m as { result?: { server?: unknown } }).result?.server));
            if (via !== undefined && st.outstanding[`${from}:${via}`]) st.outstanding[`${from}:${via}`]!--;
            if (!st.requestsOpen[k]) return violation('A response answers a request', `${name(from)} answered ${name(e.to)}'s request ${m.opId}, which never reached it (or was answered already)`, e);
            if (--st.requestsOpen[k]! === 0) delete st.requestsOpen[k];
          }
          if (m.type === 'Reply' && serverIds.includes(from)) {
            const k = `${from}:${e.to}:${m.epoch}:${m.seq}`;
            if (!st.forwardsOpen[k]) return violation('A reply answers a forward', `${name(from)} replied to ${name(e.to)}'s forward ${m.epoch}.${m.seq}, which it was not sent in this life (or answered already)`, e);
            if (--st.forwardsOpen[k]! === 0) delete st.forwardsOpen[k];
            st.openPerServer[from] = (st.openPerServer[from] ?? 1) - 1;
            const t = st.servers[from]!;
            if (m.ok) t.served++;
            else t.shed++;
          }
          if (m.type === 'Forward' && balancers.includes(from)) {
            if (!poolOf.get(from)!.includes(e.to)) {
              return violation('A balancer keeps to its pool', `${name(from)} sent a request to ${name(e.to)}, which is not one of its servers`, e);
            }
            if (config.ejectAfterFailures > 0 && (st.ejected[from] ?? []).includes(e.to)) {
              return violation('No forward to an ejected server', `${name(from)} sent a request to ${name(e.to)}, which it ejected`, e);
            }
            const load = (server: number) => st.outstanding[`${from}:${server}`] ?? 0;
            const chosen = load(e.to);
            st.outstanding[`${from}:${e.to}`] = chosen + 1;
            if (algoOf(from) === 'least-outstanding') {
              const least = Math.min(...poolOf.get(from)!.filter((s) => !(st.ejected[from] ?? []).includes(s)).map(load));
              if (chosen > least) {
                return violation('Least outstanding picks a least-loaded server', `${name(from)} sent a request to ${name(e.to)} with ${chosen} in flight; another server had ${least}`, e);
              }
            }
            if (algoOf(from) === 'consistent-hash' && typeof m.key === 'string') {
              const pool = poolOf.get(from)!;
              const candidates = pool.filter((s) => !(st.ejected[from] ?? []).includes(s));
              const owner = ringOwner(ringOfBalancer.get(from)!, pool, candidates, m.key);
              if (owner !== e.to) {
                return violation('Consistent hashing keeps keys in place', `${name(from)} sent ${m.key} to ${name(e.to)}; its ring owner is ${owner === null ? 'nobody' : name(owner)}`, e);
              }
            }
          }
          return undefined;
        }
        case 'drop': {
          delete st.inFlight[idKey(e.id)];
          return undefined;
        }
        case 'deliver': {
          const k = idKey(e.id);
          const m = st.inFlight[k];
          if (!m) return undefined;
          delete st.inFlight[k];
          if (m.type === 'ClientRequest') {
            const open = `${e.node}:${m.from}:${m.opId}`;
            st.requestsOpen[open] = (st.requestsOpen[open] ?? 0) + 1;
          } else {
            const open = `${e.node}:${m.from}:${m.epoch}:${m.seq}`;
            st.forwardsOpen[open] = (st.forwardsOpen[open] ?? 0) + 1;
            st.openPerServer[e.node] = (st.openPerServer[e.node] ?? 0) + 1;
          }
          return undefined;
        }
        case 'metric': {
          if (e.name !== 'queue' || !serverIds.includes(e.node)) return undefined;
          setQueue(e.node, e.value, e.at);
          if (config.queueLimit > 0 && e.value > config.queueLimit) {
            return violation('A bounded queue stays within its bound', `${name(e.node)}'s queue holds ${e.value}, over its bound of ${config.queueLimit}`, e);
          }
          if (e.value > (st.openPerServer[e.node] ?? 0)) {
            return violation('A queue holds only what was sent', `${name(e.node)}'s queue holds ${e.value} but it has ${st.openPerServer[e.node] ?? 0} unanswered forwards`, e);
          }
          return undefined;
        }
        case 'observe': {
          const server = (e.data as { server?: number } | undefined)?.server;
          if (typeof server !== 'number') return undefined;
          if (e.what === 'eject') {
            st.ejections++;
            (st.ejected[e.node] ??= []).push(server);
          } else if (e.what === 'readmit') st.ejected[e.node] = (st.ejected[e.node] ?? []).filter((s) => s !== server);
          return undefined;
        }
        case 'crash':
        case 'start': {
          // A node's next life starts with nothing: a server's queue, a balancer's ejections.
          if (serverIds.includes(e.node)) {
            for (const k of Object.keys(st.forwardsOpen)) if (k.startsWith(`${e.node}:`)) delete st.forwardsOpen[k];
            st.openPerServer[e.node] = 0;
            setQueue(e.node, 0, e.at);
          }
          if (balancers.includes(e.node)) {
            delete st.ejected[e.node];
            for (const k of Object.keys(st.outstanding)) if (k.startsWith(`${e.node}:`)) delete st.outstanding[k];
            for (const k of Object.keys(st.requestsOpen)) if (k.startsWith(`${e.node}:`)) delete st.requestsOpen[k];
          }
          return undefined;
        }
        case 'invoke': {
          if (clients.includes(e.node) && e.command.type === 'request') st.invoked[`${e.node}:${e.opId}`] = e.at;
          return undefined;
        }
        case 'return': {
          const k = `${e.node}:${e.opId}`;
          const at = st.invoked[k];
          if (at === undefined) return undefined;
          delete st.invoked[k];
          const tally = tallyOf(e.node);
          if (!tally) return undefined;
          tally.requests++;
          const r = e.result as { ok?: boolean; error?: string } | null;
          // Every answer counts, errors too: a timeout is what the client waited (README.md, "Measures").
          tally.latenciesUs.push(e.at - at);
          if (r?.ok === true) tally.ok++;
          else {
            tally.errors++;
            const why = typeof r?.error === 'string' && r.error.startsWith('no answer') ? 'no answer' : String(r?.error ?? 'error');
            tally.byError[why] = (tally.byError[why] ?? 0) + 1;
          }
          return undefined;
        }
        default:
          return undefined;
      }
    },
    finish({ untilUs }) {
      const ms = (us: number | null) => (us === null ? null : Math.round(us / 100) / 10);
      const seconds = Math.max(untilUs / 1e6, 1e-6);
      const algorithms = Object.fromEntries(
        Object.entries(st.algos).map(([algo, t]) => [
          algo,
          {
            balancers: t.balancers,
            requests: t.requests,
            ok: t.ok,
            errors: t.errors,
            byError: t.byError,
            p50Ms: ms(percentile(t.latenciesUs, 50)),
            p95Ms: ms(percentile(t.latenciesUs, 95)),
            p99Ms: ms(percentile(t.latenciesUs, 99)),
            throughputPerS: Math.round((t.ok / seconds) * 10) / 10,
          },
        ]),
      );
      const servers = Object.fromEntries(
        Object.entries(st.servers).map(([id, t]) => {
          const area = t.areaUs + t.queue * Math.max(0, untilUs - t.sinceUs);
          return [name(Number(id)), { maxQueue: t.maxQueue, meanQueue: Math.round((area / Math.max(untilUs, 1)) * 10) / 10, served: t.served, shed: t.shed }];
        }),
      );
      return { stats: { algorithms, servers, ejections: st.ejections }, violations: [] };
    },
    snapshot: () => structuredClone(st),
    restore(state) {
      st = structuredClone(state as State);
    },
  };
}

export function balancerMonitors(config: BalancerConfig, _nodeCount: number, layout: TopologyLayout): Monitor[] {
  return [
    safetyMonitor(config, layout),
    sometimesMonitor([
      { property: 'a request is answered', holds: (e) => e.kind === 'return' && (e.result as { ok?: boolean } | null)?.ok === true },
      { property: 'a server sheds a request', holds: (e) => e.kind === 'send' && e.msg.type === 'Reply' && (e.msg as { ok?: boolean }).ok === false },
      { property: 'a balancer ejects a server', holds: (e) => e.kind === 'observe' && e.what === 'eject' },
    ]),
  ];
}
