import { mergeHistory } from '../../engine/check/client-history';
import { idOf } from '../../engine/kernel/node-host';
import { messageKey } from '../lib/trace-search';
import type { MessageEnvelope } from '../../engine/kernel/events';
import type { TraceEvent } from '../../engine/kernel/trace';
import type { CoordinatorStatus } from '../../workers/coordinator-service';
import { protocolUi } from '../protocols/registry';
import type { ObservationUi } from '../protocols/ui';
import { nodeName } from '../store/store';
import { HISTORY_OPS_CAP, TRACE_HISTORY_CAP, type InFlightMessage, type NodeState, type SimState, type TimelineMarker } from '../store/types';
import { describeAction } from './describe-action';

/**
 * Turns one coordinator status into the store's shape (pure: tested without workers). A status
 * carries what changed since the previous one; what it leaves out stays as the store has it.
 */
export function applyStatus(state: SimState, status: CoordinatorStatus): Partial<SimState> {
  const restartedAt = status.traceRestartedAt;
  let trace = restartedAt === null ? state.trace : state.trace.filter((e) => e.at < restartedAt);
  if (status.trace.length > 0) trace = trace.concat(status.trace);
  if (trace.length > TRACE_HISTORY_CAP) trace = trace.slice(trace.length - TRACE_HISTORY_CAP);

  // The protocol's markers stay where they are when the user scrubs back: the recorded future is
  // still the run's (the replay makes the same events again, which are not marked twice). Only a
  // fork (the recorded end drops back) throws the old future's markers away (issue 11: scrubbing
  // back used to leave the actions' markers alone at their places, the elections gone).
  const forked = status.recordedUntil < state.recordedUntil;
  const kept = state.markers.filter((m) => m.kind !== 'action' && (!forked || m.at <= status.recordedUntil));
  const observations = protocolUi(state.protocol).observations;
  const marked = status.elidedObservations ? status.elidedObservations.concat(status.trace) : status.trace;
  const fresh = marked.flatMap((e) => markerOf(e, observations)).filter((m) => !hasMarker(kept, m));
  const observed = fresh.length === 0 ? kept : kept.concat(fresh);

  const actions = status.actions ?? state.actions;
  const actionMarkers: TimelineMarker[] = actions
    .filter((a) => a.action.kind !== 'command' || a.action.command.type !== 'write')
    .map((a) => ({ at: a.at, kind: 'action', label: a.by === 'user' ? describeAction(a.action) : `${a.by ?? 'scenario'}: ${describeAction(a.action)}` }));

  // A message the user clicked away is gone for the user at once, although the engine records
  // its loss only when it would have arrived.
  const droppedByUser = new Set(
    actions.flatMap((a) => (a.action.kind === 'drop' ? [messageKey(a.action.id)] : [])),
  );

  // Nodes whose report did not change keep their state and their inbound messages.
  const changed = new Set(status.reports.map((r) => r.id));
  const keptNodes = status.reportsComplete ? [] : state.nodes.filter((n) => !changed.has(n.id));
  const keptInFlight = status.reportsComplete ? [] : state.inFlight.filter((m) => !changed.has(m.to));

  return {
    now: status.now,
    recordedUntil: status.recordedUntil,
    traceHash: status.traceHash,
    eventCount: status.events,
    checking: status.checking,
    nodes: keptNodes.concat(status.reports.map(toNodeState)).sort((a, b) => a.id - b.id),
    inFlight: keptInFlight
      .concat(status.reports.flatMap((r) => r.inbound.map(toInFlight)))
      .filter((m) => !droppedByUser.has(m.key))
      .sort((a, b) => a.sentAt - b.sentAt),
    links: status.links ?? state.links,
    trace,
    markers: [...actionMarkers, ...observed].sort((a, b) => a.at - b.at),
    actions,
    history: mergeHistory(state.history, restartedAt, status.history, HISTORY_OPS_CAP),
    violation: status.violation,
  };
}

function toNodeState(r: CoordinatorStatus['reports'][number]): NodeState {
  return {
    id: r.id,
    name: nodeName(r.id),
    up: r.up,
    incarnation: r.incarnation,
    view: (r.view?.protocol as Record<string, unknown> | null) ?? null,
    timers: r.view?.timers ?? [],
    ...(r.view?.paused ? { paused: true, held: r.view.held ?? 0 } : {}),
    ...(r.view?.byzantine ? { byzantine: r.view.byzantine } : {}),
    ...(r.view?.slowUs ? { slowUs: r.view.slowUs } : {}),
  };
}

function toInFlight(m: MessageEnvelope): InFlightMessage {
  return {
    key: messageKey(idOf(m)),
    id: idOf(m),
    from: m.originNode,
    to: m.node,
    type: m.msg.type,
    sentAt: m.sentAt,
    dueAt: m.at,
    msg: m.msg as unknown as Record<string, unknown>,
    ...(m.forged ? { forged: true } : {}),
  };
}

/** Whether `sorted` (by time) holds a marker equal to `m`: found by bisection, as a long run has thousands. */
function hasMarker(sorted: readonly TimelineMarker[], m: TimelineMarker): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]!.at < m.at) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < sorted.length && sorted[i]!.at === m.at; i++) {
    if (sorted[i]!.kind === m.kind && sorted[i]!.label === m.label) return true;
  }
  return false;
}

/** The protocol's timeline marker for an observation, if it has one. */
function markerOf(e: TraceEvent, observations: Readonly<Record<string, ObservationUi>>): TimelineMarker[] {
  if (e.kind !== 'observe' || !Object.hasOwn(observations, e.what)) return [];
  const marker = observations[e.what]!.marker;
  return marker ? [{ at: e.at, kind: marker.kind, label: marker.label(e.data ?? {}, nodeName(e.node)) }] : [];
}
