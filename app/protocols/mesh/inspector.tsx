import { nodeName } from '../../store/store';
import type { NodeState } from '../../store/types';
import { TimersSection } from '../../views/inspector/TimersSection';
import type { InspectorSectionProps, InspectorUi } from '../ui';
import { BreakerMachine, OutcomeStrip } from './BreakerMachine';
import { asMeshView, certWords, percentileMs, routeWords, type RouteView } from './view';

/** A mesh node in the inspector: its service and health, its sidecar's route with every policy, the registry's table. */

function Badge({ node }: { node: NodeState }) {
  const view = asMeshView(node.view);
  if (!view) return null;
  return <span className="inspector-role">{view.instance ? `${view.instance.service} instance` : view.kind}</span>;
}

const ms = (x: number | null) => (x === null ? '–' : `${x.toFixed(1)} ms`);

export function policyLines(r: RouteView): string[] {
  const out = [`timeout ${r.timeoutMs} ms per attempt`];
  out.push(r.retry ? `retries: ${r.retry.maxAttempts} attempts, ${r.retry.jitter === 'none' ? 'exponential backoff' : `${r.retry.jitter} jitter`}` : 'no retries');
  if (r.budget) out.push(`retry budget ${Math.round(r.budget.retryRatio * 100)}% (${r.budget.recentRetries} retries for ${r.budget.recentRequests} requests lately)`);
  if (r.throttle) out.push(`adaptive throttling K=${r.throttle.k} (${r.throttle.accepts} accepts of ${r.throttle.requests} requests)`);
  out.push(r.bulkhead === null ? 'no bulkhead' : `bulkhead ${r.inFlight} of ${r.bulkhead} in flight`);
  if (r.rateLimit) out.push(`rate limit: ${r.rateLimit.text}`);
  if (r.split) out.push(`canary split: ${r.split.canaryPercent}% to the last ${r.split.canaryInstances} instance(s)`);
  if (r.headerRoute) out.push(`header route: ${r.headerRoute.header}: ${r.headerRoute.value} to the last ${r.headerRoute.canaryInstances} instance(s)`);
  if (r.mirror) out.push(`mirror: ${r.mirror.percent}% copied to the last ${r.mirror.instances} instance(s) (${r.mirror.sent} copies, ${r.mirror.ok} ok, ${r.mirror.failed} failed, all discarded)`);
  out.push(r.breaker ? `breaker ${r.breaker.state}, ${r.breaker.transitions} transitions` : 'no breaker');
  return out;
}

/** Envoy's arithmetic, per instance: "PAY3 ejected (2nd time: 30 s × 2 = 60 s, 41 s left)". */
export function outlierWords(o: NonNullable<RouteView['outliers']>, now: number): string {
  const base = o.baseEjectionTimeUs / 1_000_000;
  const head = `eject after ${o.consecutive5xx} failures in a row for ${base} s × times ejected, at most ${o.maxEjectionPercent}% (at least one)`;
  const out = o.instances.filter((i) => i.ejectedUntilUs !== null);
  if (out.length === 0) return `${head}; none ejected`;
  return `${head}; ${out.map((i) => `${nodeName(i.instance)} ejected (${base} s × ${i.ejections} = ${base * i.ejections} s, ${Math.max(0, (i.ejectedUntilUs! - now) / 1_000_000).toFixed(1)} s left)`).join(', ')}`;
}

export function RouteSection({ node, now }: InspectorSectionProps) {
  const r = asMeshView(node.view)?.route;
  if (!r) return null;
  const rejected = Object.entries(r.counts.rejected).filter(([, n]) => n > 0);
  return (
    <div className="inspector-section">
      <h4>Its sidecar: route {routeWords(r.route)}</h4>
      {r.breaker && <BreakerMachine breaker={r.breaker} label={`route ${routeWords(r.route)}`} />}
      <OutcomeStrip strip={r.strip} />
      <dl className="inspector-facts">
        <dt>Routes to</dt>
        <dd>{r.endpoints.length ? r.endpoints.map(nodeName).join(', ') : 'nobody yet (no word from the registry)'}</dd>
        <dt>Policies</dt>
        <dd>{policyLines(r).join('; ')}</dd>
        <dt>Requests</dt>
        <dd>
          {r.counts.ok} ok, {r.counts.failed} failed, {r.pending} pending; {r.counts.attempts} attempts, {r.counts.retries} retries, {r.counts.timeouts} timeouts
        </dd>
        {rejected.length > 0 && (
          <>
            <dt>Rejected</dt>
            <dd>{rejected.map(([k, n]) => `${n} by the ${k}`).join(', ')}</dd>
          </>
        )}
        {r.outliers && (
          <>
            <dt>Outlier detection</dt>
            <dd>{outlierWords(r.outliers, now)}</dd>
          </>
        )}
        <dt>Latency</dt>
        <dd>
          p50 {ms(percentileMs(r.latenciesUs, 50))}, p95 {ms(percentileMs(r.latenciesUs, 95))}, p99 {ms(percentileMs(r.latenciesUs, 99))} (last {r.latenciesUs.length} successes)
        </dd>
      </dl>
    </div>
  );
}

function InstanceSection({ node }: InspectorSectionProps) {
  const i = asMeshView(node.view)?.instance;
  if (!i) return null;
  return (
    <dl className="inspector-facts">
      <dt>Workers</dt>
      <dd>
        {i.busy} of {i.workers} busy; {i.queue} of {i.queueLimit} queued
      </dd>
      <dt>Health</dt>
      <dd>{i.failPercent > 0 ? `fails ${i.failPercent}% of calls` : i.slowFactor > 1 ? `slow: calls take ×${i.slowFactor}` : 'healthy'}</dd>
      <dt>Served</dt>
      <dd>
        {i.served} calls; {i.overloaded} answered "overloaded" (queue full)
      </dd>
      {i.expired !== null && (
        <>
          <dt>Past deadline</dt>
          <dd>{i.expired} calls dropped unstarted: their caller had stopped waiting (deadline propagation)</dd>
        </>
      )}
    </dl>
  );
}

/** mTLS: the certificate (from the mesh CA) and, for an instance, its mode and verdicts. */
function MtlsSection({ node, now }: InspectorSectionProps) {
  const view = asMeshView(node.view);
  if (view?.stranger) return <p className="inspector-section">A stranger: a workload outside the mesh, with no sidecar and no certificate.</p>;
  const tls = view?.tls;
  if (!tls) return null;
  return (
    <dl className="inspector-facts">
      <dt>mTLS</dt>
      <dd>
        {certWords(tls, now / 1000)}
        {tls.requesting ? '; asking the CA for the next one' : ''}
      </dd>
      {tls.mode && (
        <>
          <dt>Mode</dt>
          <dd>
            {tls.mode === 'strict' ? 'strict: refuses calls without a valid certificate' : 'permissive: accepts plain text too'}; {tls.accepted.mutual} mutual, {tls.accepted.plaintext} plain text, {tls.accepted.refused} refused
          </dd>
        </>
      )}
    </dl>
  );
}

function RegistrySection({ node, now }: InspectorSectionProps) {
  const reg = asMeshView(node.view)?.registry;
  if (!reg) return null;
  return (
    <div className="inspector-section">
      <h4>Registered instances (lease left)</h4>
      <table className="inspector-table">
        <tbody>
          {Object.entries(reg.table).map(([service, entries]) => (
            <tr key={service}>
              <th scope="row">{service}</th>
              <td>{entries.length ? entries.map((e) => `${nodeName(e.instance)} ${Math.max(0, (e.expiresAtUs - now) / 1000).toFixed(0)} ms`).join(', ') : 'none'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export const meshInspector: InspectorUi = {
  nodeHint: 'its service, workers and health, its sidecar’s breaker and policies, and buttons to make it slow or failing',
  Badge,
  crashedNote: (name) => `${name} loses its queue, its calls in flight and its sidecar's state (breaker, budget, limits); the registry still lists it until its lease runs out.`,
  sections: [
    { id: 'instance', Component: InstanceSection },
    { id: 'mtls', Component: MtlsSection },
    { id: 'route', Component: RouteSection },
    { id: 'registry', Component: RegistrySection },
    { id: 'timers', Component: TimersSection },
  ],
};
