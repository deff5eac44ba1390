import { memo, useCallback } from 'react';
import { markColor, markPath, messageStyle, shapePath, type MessageStyle } from './message-style';
import { BallotIcon, CrossIcon, CrownIcon, FollowerIcon } from './icons';

function Glyph({ style }: { style: MessageStyle }) {
  const box = 20;
  const scale = (box / 2 - 1.5) / Math.max(style.size, 9);
  return (
    <svg width={box} height={box} viewBox={`${-box / 2} ${-box / 2} ${box} ${box}`} aria-hidden="true" className="cv-legend-glyph">
      <g transform={`scale(${Math.min(1, scale)})`}>
        <path
          d={shapePath(style.shape, style.size)}
          fill={style.hollow ? 'var(--panel)' : style.color}
          stroke={style.hollow ? style.color : 'var(--ink)'}
          strokeWidth={style.hollow ? 4 : 1.5}
        />
        {style.mark && <path d={markPath(style.mark, style.size)} stroke={markColor(style.mark)} strokeWidth={4} fill="none" strokeLinecap="round" />}
        {style.text && (
          <text className="cv-msg-text" fontSize={16} fill={style.kind === 'append' || style.kind === 'snapshot' ? '#fff' : 'var(--ink)'}>
            {style.text}
          </text>
        )}
      </g>
    </svg>
  );
}

const MESSAGES: { style: MessageStyle; label: string }[] = [
  { style: messageStyle('RequestVote', {}), label: 'vote request' },
  { style: messageStyle('RequestVoteResponse', { granted: true }), label: 'vote reply' },
  { style: messageStyle('AppendEntries', { entries: [1, 2] }), label: 'append n entries' },
  { style: messageStyle('AppendEntries', { entries: [] }), label: 'heartbeat' },
  { style: messageStyle('AppendEntriesResponse', { success: true }), label: 'append reply' },
  { style: messageStyle('ClientRequest', {}), label: 'client' },
  { style: messageStyle('InstallSnapshot', {}), label: 'snapshot' },
];

const ROLES = [
  { role: 'leader', label: 'leader', icon: <CrownIcon size={12} /> },
  { role: 'candidate', label: 'candidate', icon: <BallotIcon size={9} /> },
  { role: 'follower', label: 'follower', icon: <FollowerIcon size={9} /> },
  { role: 'down', label: 'crashed', icon: <CrossIcon size={9} /> },
] as const;

/**
 * What the shapes and colours mean, in a narrow column at the bottom left; collapsible so a
 * teacher can clear it away (the cluster then takes the whole width).
 */
function LegendImpl({ open, setOpen, onWidth }: { open: boolean; setOpen: (open: boolean) => void; onWidth: (px: number) => void }) {
  // The legend scales with the container (a projector gets bigger type): report its width so
  // the cluster is laid out clear of it.
  const measure = useCallback(
    (el: HTMLElement | null) => {
      if (!el) return;
      const observer = new ResizeObserver(() => onWidth(el.offsetWidth));
      observer.observe(el);
      return () => {
        observer.disconnect();
        onWidth(0);
      };
    },
    [onWidth],
  );
  if (!open) {
    return (
      <button type="button" className="cv-legend-toggle" onClick={() => setOpen(true)} aria-expanded={false}>
        Legend
      </button>
    );
  }
  return (
    <section className="cv-legend" aria-label="Legend" ref={measure}>
      <button type="button" className="cv-legend-close" onClick={() => setOpen(false)} aria-expanded={true} aria-label="Hide legend" title="Hide legend">
        ×
      </button>
      <h2 className="cv-legend-head">Messages</h2>
      <ul className="cv-legend-grid">
        {MESSAGES.map((m) => (
          <li className="cv-legend-item" key={m.label}>
            <Glyph style={m.style} />
            {m.label}
          </li>
        ))}
        <li className="cv-legend-item cv-legend-wide">
          <svg width={20} height={20} viewBox="-10 -10 20 20" aria-hidden="true" className="cv-legend-glyph">
            <path d={markPath('check', 18)} stroke={markColor('check')} strokeWidth={3.5} fill="none" strokeLinecap="round" />
          </svg>
          yes
          <svg width={20} height={20} viewBox="-10 -10 20 20" aria-hidden="true" className="cv-legend-glyph">
            <path d={markPath('cross', 18)} stroke={markColor('cross')} strokeWidth={3.5} fill="none" strokeLinecap="round" />
          </svg>
          no · click one to drop it
        </li>
      </ul>
      <h2 className="cv-legend-head">Nodes</h2>
      <ul className="cv-legend-grid">
        {ROLES.map((r) => (
          <li className="cv-legend-item" key={r.role}>
            <span className={`cv-legend-role cv-role-${r.role}`}>{r.icon}</span>
            {r.label}
          </li>
        ))}
        <li className="cv-legend-item">
          <svg width={20} height={20} viewBox="0 0 20 20" aria-hidden="true">
            <circle cx={10} cy={10} r={7} className="cv-timer-track" strokeWidth={3.5} />
            <circle cx={10} cy={10} r={7} className="cv-timer-arc" strokeWidth={3.5} pathLength={1} strokeDasharray="0.6 1" transform="rotate(-90 10 10)" />
          </svg>
          election timer
        </li>
        <li className="cv-legend-item">
          <svg width={30} height={20} viewBox="0 0 30 20" aria-hidden="true" className="cv-legend-link">
            <path d="M1,10H29" className="cv-legend-cutline" />
            <circle cx={15} cy={10} r={7} className="cv-link-badge" />
            <path d="M11.5,6.5L18.5,13.5M18.5,6.5L11.5,13.5" className="cv-link-x" />
          </svg>
          cut link
        </li>
        <li className="cv-legend-item">
          <span className="cv-entry cv-term-2 cv-committed cv-legend-entry">2</span>
          committed
        </li>
        <li className="cv-legend-item">
          <span className="cv-entry cv-term-3 cv-legend-entry">3</span>
          not yet
        </li>
      </ul>
    </section>
  );
}

export const Legend = memo(LegendImpl);
