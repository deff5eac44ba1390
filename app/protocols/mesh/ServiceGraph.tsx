import { useEffect, useState } from 'react';
import { kindOf } from '../../../engine/kernel/topology';
import { useSampled } from '../../lib/sampling';
import { dispatch } from '../../session/commands';
import { select } from '../../session/selection';
import { useSim } from '../../store/store';
import { graphColumns, graphEdges, type GraphEdge } from './graph';
import { asMeshView } from './view';

/**
 * The service graph: clients, frontend, checkout and payments left to right, their instances
 * listed in each, and between each pair the route with its breaker state drawn on the edge
 * ("breaker open, 42% fail, route checkout to payments").
 */
const MARK = { closed: '●', open: '⚡', 'half-open': '◐' } as const;

function Edge({ edge, chosen, choose }: { edge: GraphEdge; chosen: boolean; choose: () => void }) {
  return (
    <button type="button" className={`mesh-edge mesh-edge--${edge.worst ?? 'none'}${chosen ? ' mesh-edge--chosen' : ''}`} aria-label={edge.label} title={`${edge.label}: show its detail`} onClick={choose}>
      <span className="mesh-edge-arrow" aria-hidden="true">
        ↓
      </span>
      {/* The visible words, in the order the accessible name starts with them (spaces between, so they read as words). */}
      <span className="mesh-edge-state" aria-hidden="true">
        {edge.worst ? `${MARK[edge.worst]} ` : ''}
        {edge.stateText}
      </span>{' '}
      <span className="mesh-edge-rate" aria-hidden="true">
        {edge.rateText}
      </span>
    </button>
  );
}

/**
 * The canary's share as a slider: dragging moves a draft; letting go (or a key) issues the
 * "Shift canary" command with that percent, one setCanaryPercent per caller stamped into the
 * run, so a link replays it. The draft shows until the views catch up.
 */
function CanarySlider({ percent }: { percent: number }) {
  const [draft, setDraft] = useState<number | null>(null);
  const [sent, setSent] = useState<number | null>(null);
  useEffect(() => {
    if (sent !== null && sent === percent) {
      setSent(null);
      setDraft(null);
    }
  }, [percent, sent]);
  const value = draft ?? percent;
  const commit = () => {
    if (draft === null || draft === percent || draft === sent) return;
    setSent(draft);
    dispatch('meshShiftCanary', draft);
  };
  return (
    <label className="mesh-canary">
      <span>Canary share</span>
      <input
        type="range"
        min={0}
        max={100}
        step={1}
        value={value}
        onChange={(e) => setDraft(Number(e.target.value))}
        onPointerUp={commit}
        onKeyUp={commit}
        onBlur={commit}
        aria-valuetext={`${value}% of calls to the canary`}
      />
      <output>{value}%</output>
    </label>
  );
}

/**
 * The services and the routes between them. Choosing a route (its edge) opens its detail
 * (RouteDetail.tsx) in the panel's Route tab, which has the panel's whole width for the breaker's
 * state machine, the outcome strip and the latencies.
 */
export function ServiceGraph({ chosen, onChoose }: { chosen: string | null; onChoose: (route: string) => void }) {
  const nodes = useSampled((s) => s.nodes, 200);
  const topology = useSim((s) => s.topology);
  const nowMs = useSim((s) => Math.floor(s.now / 100_000) * 100);
  const edges = graphEdges(nodes);
  const columns = graphColumns(nodes, (id) => (topology ? kindOf(topology, id) : undefined), nowMs);
  const split = edges.flatMap((e) => e.callers).find((c) => c.route.split)?.route.split ?? null;
  const cas = nodes.filter((n) => (topology ? kindOf(topology, n.id) : undefined) === 'ca');
  const edge = chosenEdge(edges, chosen);
  return (
    <section className="panel-view mesh-graph" aria-label="Service graph">
      {(split || cas.length > 0) && (
        <div className="mesh-graph-extras">
          {split && <CanarySlider percent={split.canaryPercent} />}
          {cas.map((n) => (
            <p key={n.id} className="mesh-ca">
              Mesh CA {n.name}: {n.up ? `${asMeshView(n.view)?.ca?.issued ?? 0} certificates` : 'crashed'}
            </p>
          ))}
        </div>
      )}
      <ol className="mesh-chain">
        {columns.map((col, i) => (
          <li key={col.service} className="mesh-chain-step">
            <div className="mesh-service" role="group" aria-label={`${col.service}${col.mtls ? `, ${col.mtls} mTLS` : ''}${col.expired ? `, ${col.expired} calls dropped past deadline` : ''}: ${col.instances.map((x) => `${x.name} ${x.note}`).join(', ') || 'no instances'}`}>
              <span className="mesh-service-name">
                {col.service}
                {col.mtls && <span className={`mesh-mtls mesh-mtls--${col.mtls}`}>{col.mtls === 'strict' ? 'strict' : col.mtls}</span>}
                {col.expired ? <span className="mesh-service-late" title="calls dropped unstarted, past their deadline"> {col.expired} late</span> : null}
              </span>
              {col.instances.map((x) => (
                <button key={x.id} type="button" className={`mesh-instance${x.up ? '' : ' mesh-instance--down'}`} onClick={() => select({ kind: 'node', id: x.id })} aria-label={`${x.name}, ${x.note}${x.expired ? `, ${x.expired} dropped past deadline` : ''}${x.tls ? `, ${x.tls}` : ''}`}>
                  {x.name} {x.mark && <span aria-hidden="true">{x.mark}</span>} <span className="mesh-instance-note">{x.note}</span>
                </button>
              ))}
            </div>
            {i < edges.length && <Edge edge={edges[i]!} chosen={edge?.route === edges[i]!.route} choose={() => onChoose(edges[i]!.route)} />}
          </li>
        ))}
      </ol>
    </section>
  );
}

const stateRank = (s: string | undefined) => (s === 'open' ? 3 : s === 'half-open' ? 2 : s === 'closed' ? 1 : 0);
const rank = (e: GraphEdge) => stateRank(e.worst ?? undefined) * 1000 + (e.failurePercent ?? 0);

/** The route the user chose, or else the one in the worst state (an open breaker first, then the most failures). */
export function chosenEdge(edges: readonly GraphEdge[], chosen: string | null): GraphEdge | undefined {
  return edges.find((e) => e.route === chosen) ?? [...edges].sort((a, b) => rank(b) - rank(a))[0];
}

/** The caller whose breaker on the route is in the worst state: the one the detail shows. */
export function worstCaller(edge: GraphEdge): GraphEdge['callers'][number] | undefined {
  return [...edge.callers].sort((a, b) => stateRank(b.route.breaker?.state) - stateRank(a.route.breaker?.state))[0];
}
