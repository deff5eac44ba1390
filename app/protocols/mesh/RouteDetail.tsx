import { useSampled } from '../../lib/sampling';
import { BreakerMachine, OutcomeStrip } from './BreakerMachine';
import { chosenEdge, worstCaller } from './ServiceGraph';
import { EDGES, graphEdges } from './graph';
import { percentileMs, routeWords } from './view';

/**
 * One route in the panel's whole width (issue 15's "the state machine of the selected route and
 * the current state lit, and a strip of call outcomes"): which route, picked by a row of
 * buttons; its worst caller's breaker state machine; the strip; latencies and counts summed
 * over its callers, with rejections by the policy that made them.
 */
const REJECTED: Record<string, string> = { breaker: 'breaker', bulkhead: 'bulkhead', rate: 'rate limit', throttle: 'throttling', budget: 'retry budget', 'no-endpoint': 'no instance' };

/** "CO1 (worst of 2 callers): " before the breaker's caption. */
function Lead({ name, of }: { name: string; of: number }) {
  return (
    <>
      <strong>{name}</strong>
      {of > 1 && ` (worst of ${of} callers)`}:{' '}
    </>
  );
}

export function RouteDetail({ chosen, onChoose }: { chosen: string | null; onChoose: (route: string) => void }) {
  const nodes = useSampled((s) => s.nodes, 200);
  const edges = graphEdges(nodes);
  const edge = chosenEdge(edges, chosen);
  if (!edge) return null;
  const caller = worstCaller(edge);
  const latencies = edge.callers.flatMap((c) => c.route.latenciesUs);
  const ms = (p: number) => {
    const x = percentileMs(latencies, p);
    return x === null ? '–' : `${x.toFixed(0)}\u00a0ms`;
  };
  const callers = edge.callers;
  const sum = (f: (c: (typeof callers)[number]) => number) => callers.reduce((n, c) => n + f(c), 0);
  const counted = (
    [
      ['retries', sum((c) => c.route.counts.retries)],
      ['timeouts', sum((c) => c.route.counts.timeouts)],
    ] as const
  ).filter(([, n]) => n > 0);
  const rejected = Object.keys(REJECTED)
    .map((k) => [k, sum((c) => c.route.counts.rejected[k] ?? 0)] as const)
    .filter(([, n]) => n > 0);
  return (
    <section className="panel-view mesh-route" aria-label={`Route ${routeWords(edge.route)}`}>
      <div className="mesh-route-picker" role="group" aria-label="Route">
        {EDGES.map((r) => (
          <button key={r} type="button" className="mesh-route-pick" aria-pressed={r === edge.route} aria-label={`route ${routeWords(r)}`} title={`route ${routeWords(r)}`} onClick={() => onChoose(r)}>
            → {r.split('>')[1]}
          </button>
        ))}
      </div>
      <div className="mesh-route-body">
        <div className="mesh-route-machine">
          {caller?.route.breaker ? (
            <BreakerMachine breaker={caller.route.breaker} label={`${caller.name}'s route ${routeWords(edge.route)}`} lead={<Lead name={caller.name} of={callers.length} />} />
          ) : (
            <p className="mesh-nobreaker">{caller ? <Lead name={caller.name} of={callers.length} /> : null}No circuit breaker on this route.</p>
          )}
        </div>
        <div className="mesh-route-numbers">
          <OutcomeStrip strip={caller?.route.strip ?? []} />
          <p className="mesh-route-facts">
            p50&nbsp;{ms(50)}, p95&nbsp;{ms(95)}, p99&nbsp;{ms(99)}; {sum((c) => c.route.counts.ok)} ok, {sum((c) => c.route.counts.failed)} failed
            {counted.map(([word, n]) => `, ${n} ${word}`).join('')}
            {rejected.length > 0 && `; ⊘ ${rejected.map(([k, n]) => `${n} by ${REJECTED[k]}`).join(', ')}`}
          </p>
        </div>
      </div>
    </section>
  );
}
