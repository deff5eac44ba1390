import type { ReactNode } from 'react';
import type { BreakerView, StripCode } from './view';
import { failureWords } from './view';

/**
 * A breaker's state machine (resilience4j: closed, open, half-open) with the current state lit
 * and each arrow labelled with its rule in this route's numbers; and a strip of the route's
 * latest call outcomes. Words and marks carry the state, never colour alone.
 */
const STATES = ['closed', 'open', 'half-open'] as const;
const MARK = { closed: '●', open: '⚡', 'half-open': '◐' } as const;

/** `lead`: words before the caption (which caller this is, where the figure stands alone). */
export function BreakerMachine({ breaker, label, lead }: { breaker: BreakerView; label: string; lead?: ReactNode }) {
  const b = breaker;
  const wait = b.waitDurationInOpenStateUs / 1_000_000;
  // The arrows' rules in this route's numbers, after resilience4j's documentation.
  const rules = [
    `closed → open: ≥ ${b.failureRateThreshold}% failures (or ≥ ${b.slowCallRateThreshold}% slow) of the last ${b.slidingWindowSize} calls, once ${b.minimumNumberOfCalls} are in`,
    `open → half-open: after ${wait} s`,
    `half-open → closed if ${b.permittedNumberOfCallsInHalfOpenState} probes pass, → open if they fail`,
  ];
  return (
    <figure className="mesh-fsm" aria-label={`${label}: breaker ${b.state}, ${failureWords(b)}`}>
      <ol className="mesh-fsm-states" aria-label={`Breaker state machine, now ${b.state}`}>
        {STATES.map((s, i) => (
          <li key={s} className={`mesh-fsm-state mesh-fsm-state--${s}${b.state === s ? ' mesh-fsm-state--lit' : ''}`} aria-current={b.state === s ? 'step' : undefined}>
            <span aria-hidden="true">{MARK[s]}</span> {s}
            {i < STATES.length - 1 && (
              <span className="mesh-fsm-arrow" aria-hidden="true">
                →
              </span>
            )}
          </li>
        ))}
        <li className="mesh-fsm-back" aria-hidden="true">
          ↺
        </li>
      </ol>
      <figcaption>
        {lead}
        {b.state === 'closed' && `Counting: ${failureWords(b)} over the last ${b.calls} calls; opens at ${b.failureRateThreshold}%.`}
        {b.state === 'open' && `Rejecting every call; ${wait} s after opening the next call may probe.`}
        {b.state === 'half-open' && `Probing: ${b.permitted} of ${b.permittedNumberOfCallsInHalfOpenState} probes sent; ${b.calls} answered.`}
        <span className="mesh-fsm-rules"> {rules.join('; ')}.</span>
      </figcaption>
    </figure>
  );
}

const STRIP: Record<StripCode, { mark: string; word: string }> = {
  ok: { mark: '✓', word: 'success' },
  fail: { mark: '✕', word: 'failure' },
  timeout: { mark: '◷', word: 'timeout' },
  rejected: { mark: '⊘', word: 'rejected by a policy' },
};

export function OutcomeStrip({ strip }: { strip: readonly StripCode[] }) {
  const counts = (Object.keys(STRIP) as StripCode[]).map((c) => `${strip.filter((x) => x === c).length} ${STRIP[c].word}`);
  return (
    <div className="mesh-strip" role="img" aria-label={`The last ${strip.length} call outcomes, oldest first: ${counts.join(', ')}`}>
      {strip.map((c, i) => (
        <span key={i} className={`mesh-strip-cell mesh-strip-cell--${c}`} title={STRIP[c].word}>
          {STRIP[c].mark}
        </span>
      ))}
      {strip.length === 0 && <span className="mesh-strip-empty">no calls yet</span>}
    </div>
  );
}
