import { useId, useState, type CSSProperties } from 'react';
import { useSampled } from '../../lib/sampling';
import { nodeName } from '../../store/store';
import { defaultRequest, outcomeWords, summarize } from './span-words';
import type { AttemptOutcome, RequestTrace, SpanAttempt, SpanHop } from './spans';
import { useSpanIndex } from './use-spans';

/**
 * The Traces tab (issue 15: "every request carries a trace id through each hop"): one client
 * request as a span waterfall. Each call attempt is a bar on a shared time axis from its Call to
 * its Reply's arrival (or its timeout, or the moment a policy rejected it), coloured and marked
 * by outcome; the calls a callee made while serving an attempt sit under it, indented, so a
 * retry storm reads as a tree that fans out. The picker lists the newest requests with their
 * outcome; the default is the newest finished one. Built from the page's trace (spans.ts), so
 * it follows time travel.
 */
const RESULT: Record<AttemptOutcome, { mark: string; word: string | null }> = {
  ok: { mark: '✓', word: null },
  error: { mark: '✕', word: null },
  timeout: { mark: '◷', word: null },
  expired: { mark: '◌', word: 'dropped' },
  overloaded: { mark: '✕', word: 'overloaded' },
  refused: { mark: '✕', word: 'mTLS' },
  rejected: { mark: '⊘', word: null },
  lost: { mark: '✕', word: 'lost' },
  other: { mark: '?', word: null },
  pending: { mark: '…', word: null },
};
const REJECTED: Record<string, string> = { breaker: 'breaker', bulkhead: 'bulkhead', rate: 'rate limit', throttle: 'throttled', budget: 'budget', 'no-endpoint': 'no instance', deadline: 'past deadline' };

const service = (route: string) => route.split('>')[1] ?? route;

/** "payments call attempt 2 from CO1 to PAY2, sent at +12 ms, timed out after 300 ms" (a bar's accessible name). */
export function attemptLabel(a: SpanAttempt, t0: number, nowUs: number): string {
  const to = a.callee === null ? '' : ` to ${nodeName(a.callee)}`;
  const probe = a.probe ? ', a half-open probe' : '';
  return `${service(a.route)} call attempt ${a.attempt} from ${nodeName(a.caller)}${to}${probe}, sent at +${Math.round((a.startUs - t0) / 1000)} ms, ${outcomeWords(a, nowUs)}`;
}

function resultText(a: SpanAttempt, nowUs: number): string {
  const r = RESULT[a.outcome];
  if (a.outcome === 'rejected') return `${r.mark} ${REJECTED[a.detail ?? ''] ?? a.detail ?? 'rejected'}`;
  if (a.outcome === 'other') return `? ${a.detail ?? ''}`;
  return `${r.mark} ${r.word ?? `${Math.round(((a.endUs ?? nowUs) - a.startUs) / 1000)} ms`}`;
}

function hopWords(hop: SpanHop): string {
  const n = hop.attempts.length;
  const state = hop.outcome === 'ok' ? 'ok' : hop.outcome === 'failed' ? (hop.gaveUp === 'deadline' ? 'past its deadline' : 'failed') : 'waiting';
  const gaveUp = hop.gaveUp === 'budget' ? ', the retry budget refused more' : hop.gaveUp === 'deadline' ? ', no retry after the deadline' : '';
  return `${nodeName(hop.caller)}'s calls to ${service(hop.route)}: ${state}, ${n} ${n === 1 ? 'attempt' : 'attempts'}${gaveUp}`;
}

/** The latest moment any span of the request reaches (a callee may work on after its caller gave up). */
function lastUs(hop: SpanHop, nowUs: number): number {
  let end = hop.endUs ?? nowUs;
  for (const a of hop.attempts) {
    end = Math.max(end, a.endUs ?? nowUs);
    if (a.child) end = Math.max(end, lastUs(a.child, nowUs));
  }
  return end;
}

function Hop({ hop, depth, t0, span, nowUs }: { hop: SpanHop; depth: number; t0: number; span: number; nowUs: number }) {
  const pct = (us: number) => `${Math.max(0, Math.min(100, ((us - t0) / span) * 100))}%`;
  return (
    <ol className="mesh-spans-hop" aria-label={hopWords(hop)}>
      {hop.attempts.map((a) => {
        const end = a.endUs ?? nowUs;
        const bar: CSSProperties = { left: pct(a.startUs), width: `max(3px, calc(${pct(end)} - ${pct(a.startUs)}))` };
        return (
          <li key={a.id} className="mesh-spans-item">
            <div className="mesh-spans-row">
              <span className="mesh-spans-label" style={{ paddingLeft: `${depth * 0.9}em` }} aria-hidden="true">
                {nodeName(a.caller)} → {a.callee === null ? service(a.route) : nodeName(a.callee)}
                {a.probe ? ' P' : a.attempt > 1 ? ` #${a.attempt}` : ''}
              </span>
              <span className="mesh-spans-track">
                <span className={`mesh-spans-bar mesh-spans-bar--${a.outcome}${a.dropped ? ' mesh-spans-bar--dropped' : ''}`} style={bar} role="img" aria-label={attemptLabel(a, t0, nowUs)} />
              </span>
              <span className={`mesh-spans-result mesh-spans-result--${a.outcome}`} aria-hidden="true" title={outcomeWords(a, nowUs)}>
                {resultText(a, nowUs)}
              </span>
            </div>
            {a.child && a.child.attempts.length > 0 && <Hop hop={a.child} depth={depth + 1} t0={t0} span={span} nowUs={nowUs} />}
          </li>
        );
      })}
    </ol>
  );
}

function Waterfall({ request, nowUs }: { request: RequestTrace; nowUs: number }) {
  const t0 = request.root.startUs;
  const span = Math.max(1_000, lastUs(request.root, nowUs) - t0);
  // Whole milliseconds, or tenths on a request over in a few (a rejection at once takes none).
  const digits = span < 10_000 ? 1 : 0;
  const ticks = [0, 0.5, 1].map((f) => ((f * span) / 1000).toFixed(digits));
  return (
    // Focusable, so the keyboard scrolls a long waterfall too.
    <div className="mesh-spans-chart" role="group" aria-label={`Calls of request ${request.id}`} tabIndex={0}>
      <div className="mesh-spans-row mesh-spans-axis" aria-hidden="true">
        <span className="mesh-spans-label">call</span>
        <span className="mesh-spans-track">
          {ticks.map((ms, i) => (
            <span key={i} className={`mesh-spans-tick mesh-spans-tick--${i}`} style={{ left: `${i * 50}%` }}>
              {ms} ms
            </span>
          ))}
        </span>
        <span className="mesh-spans-result" />
      </div>
      <Hop hop={request.root} depth={0} t0={t0} span={span} nowUs={nowUs} />
    </div>
  );
}

/** The key: each outcome's colour, mark and word (the bars' accessible names say it in full). */
const KEY: readonly [AttemptOutcome, string, string][] = [
  ['ok', '✓', 'ok'],
  ['error', '✕', 'error'],
  ['timeout', '◷', 'timed out'],
  ['expired', '◌', 'dropped: deadline passed (never started)'],
  ['overloaded', '✕', 'overloaded'],
  ['refused', '✕', 'refused by mTLS'],
  ['rejected', '⊘', 'rejected by a policy (never sent)'],
  ['pending', '…', 'waiting'],
];

function Key({ id }: { id: string }) {
  return (
    <ul className="mesh-spans-key" id={id} aria-label="Key">
      {KEY.map(([outcome, mark, word]) => (
        <li key={outcome}>
          <span className={`mesh-spans-swatch mesh-spans-bar--${outcome}`} aria-hidden="true" />
          <span className={`mesh-spans-result--${outcome}`}>{mark}</span> {word}
        </li>
      ))}
      <li className="mesh-spans-key-note">#2: a retry by the same caller. Indented: the calls made while serving the call above.</li>
    </ul>
  );
}

export function TracesPanel() {
  const { index } = useSpanIndex();
  const nowUs = useSampled((s) => s.now, 400);
  const [picked, setPicked] = useState<string | null>(null);
  const [showKey, setShowKey] = useState(false);
  const keyId = useId();
  const recent = index.recent();
  const request = (picked !== null ? index.get(picked) : undefined) ?? defaultRequest(recent);
  return (
    <section className="panel-view mesh-spans" aria-label="Traces">
      {request ? (
        <>
          <div className="mesh-spans-pick">
            <label>
              <span>Request</span>
              <select value={request.id} onChange={(e) => setPicked(e.target.value)}>
                {recent.map((t) => (
                  <option key={t.id} value={t.id}>
                    {summarize(t, nowUs).text}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="key-toggle" aria-expanded={showKey} aria-controls={keyId} onClick={() => setShowKey((v) => !v)}>
              Key
            </button>
          </div>
          {showKey && <Key id={keyId} />}
          <Waterfall request={request} nowUs={nowUs} />
        </>
      ) : (
        <p className="mesh-spans-empty">No request yet: each client request shows here as a waterfall of its calls, hop by hop.</p>
      )}
    </section>
  );
}
