import { nodeName } from '../../store/store';
import type { RequestTrace, SpanAttempt } from './spans';

/** The span waterfall's words (TracesPanel.tsx): a request's line in the picker, an attempt's outcome. */
export interface RequestSummary {
  outcome: 'ok' | 'failed' | 'pending';
  attempts: number;
  tookMs: number;
  text: string;
}

/** "C1-42 failed after 3 attempts, 812 ms" (the request picker's line). */
export function summarize(t: RequestTrace, nowUs: number): RequestSummary {
  const root = t.root;
  const attempts = root.attempts.length;
  const tookMs = Math.round(((root.endUs ?? nowUs) - root.startUs) / 1000);
  const n = `${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}`;
  const text =
    root.outcome === 'ok'
      ? `${t.id} ok after ${n}, ${tookMs} ms`
      : root.outcome === 'failed'
        ? `${t.id} ${root.gaveUp === 'deadline' ? 'past its deadline' : 'failed'} after ${n}, ${tookMs} ms`
        : `${t.id} in flight, ${n} so far, ${tookMs} ms`;
  return { outcome: root.outcome, attempts, tookMs, text };
}

/** The newest request that has finished (the waterfall's default), else the newest. */
export function defaultRequest(recent: readonly RequestTrace[]): RequestTrace | undefined {
  return recent.find((t) => t.root.endUs !== null) ?? recent[0];
}

const REASONS: Record<string, string> = {
  breaker: 'its circuit breaker',
  bulkhead: 'its bulkhead',
  rate: 'its rate limiter',
  throttle: 'adaptive throttling',
  budget: 'its retry budget',
  'no-endpoint': 'no registered instance',
};

const queued = (a: SpanAttempt) => {
  const waited = Math.round(a.expired?.waitedMs ?? 0);
  return waited > 0 ? `after ${waited} ms in its queue` : 'as it arrived';
};

/** An outcome in words: "timed out after 300 ms", "rejected by its circuit breaker". */
export function outcomeWords(a: SpanAttempt, nowUs: number): string {
  const ms = Math.round(((a.endUs ?? nowUs) - a.startUs) / 1000);
  switch (a.outcome) {
    case 'ok':
      return `ok after ${ms} ms`;
    case 'error':
      return `failed after ${ms} ms`;
    case 'overloaded':
      return `overloaded, refused after ${ms} ms`;
    case 'refused':
      return `refused by mTLS after ${ms} ms`;
    case 'timeout':
      return `timed out after ${ms} ms${a.dropped ? ` (${a.dropped === 'loss' ? 'lost in the network' : `dropped: ${a.dropped}`})` : ''}`;
    case 'expired':
      // The caller timed out at the deadline; the callee threw the call away without working on it.
      return `dropped: deadline passed, timed out after ${ms} ms, never started (${a.callee === null ? 'the callee' : nodeName(a.callee)} dropped it ${queued(a)})`;
    case 'rejected':
      if (a.detail === 'deadline') return 'not sent: the request\'s deadline had passed';
      return `rejected by ${REASONS[a.detail ?? ''] ?? (a.detail ?? 'a policy')}, never sent`;
    case 'lost':
      return `lost after ${ms} ms (${a.detail ?? 'crash'})`;
    case 'other':
      return `answered "${a.detail ?? '?'}" after ${ms} ms`;
    case 'pending':
      return `waiting, ${ms} ms so far`;
  }
}
