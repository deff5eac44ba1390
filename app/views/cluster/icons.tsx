/** Small inline icons (no icon font: the page must work offline and on any projector). */

export function CrownIcon({ size = 16 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" className="cv-icon">
      <path d="M2 7l5 4 5-7 5 7 5-4-2 12H4z" fill="currentColor" />
    </svg>
  );
}

export function CrossIcon({ size = 14 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" className="cv-icon">
      <path d="M5 5l14 14M19 5L5 19" stroke="currentColor" strokeWidth={4} strokeLinecap="round" />
    </svg>
  );
}

/** A candidate asks for votes: the vote message's diamond. */
export function BallotIcon({ size = 14 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" className="cv-icon">
      <path d="M12 2l10 10-10 10L2 12z" fill="currentColor" />
    </svg>
  );
}

export function FollowerIcon({ size = 14 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" className="cv-icon">
      <circle cx={12} cy={12} r={8} fill="none" stroke="currentColor" strokeWidth={4} />
    </svg>
  );
}
