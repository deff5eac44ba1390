import { memo, useCallback } from 'react';
import type { MessageGlyph, ProtocolUi } from '../../protocols/ui';
import { markColor, markPath, shapePath } from './message-style';
import { CrossIcon } from './icons';

function Glyph({ style }: { style: MessageGlyph }) {
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
          <text className="cv-msg-text" fontSize={16} style={style.ink ? { fill: style.ink } : undefined}>
            {style.text}
          </text>
        )}
      </g>
    </svg>
  );
}

/**
 * What the shapes and colours mean, in a narrow column at the bottom left; collapsible so a
 * teacher can clear it away (the cluster then takes the whole width). The running protocol
 * says what its messages and node tones are (`ProtocolUi.legend`).
 */
function LegendImpl({ ui, open, setOpen, onWidth }: { ui: ProtocolUi; open: boolean; setOpen: (open: boolean) => void; onWidth: (px: number) => void }) {
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
  const { legend, node, messages } = ui;
  const More = legend.More;
  return (
    <section className="cv-legend" aria-label="Legend" ref={measure}>
      <button type="button" className="cv-legend-close" onClick={() => setOpen(false)} aria-expanded={true} aria-label="Hide legend" title="Hide legend">
        ×
      </button>
      <h2 className="cv-legend-head">Messages</h2>
      <ul className="cv-legend-grid">
        {legend.glyphs.map((m) => (
          <li className="cv-legend-item" key={m.label}>
            <Glyph style={messages.glyph(m.type, m.msg)} />
            {m.label}
          </li>
        ))}
        <li className="cv-legend-item cv-legend-wide">
          {legend.marks && (
            <>
              <svg width={20} height={20} viewBox="-10 -10 20 20" aria-hidden="true" className="cv-legend-glyph">
                <path d={markPath('check', 18)} stroke={markColor('check')} strokeWidth={3.5} fill="none" strokeLinecap="round" />
              </svg>
              yes
              <svg width={20} height={20} viewBox="-10 -10 20 20" aria-hidden="true" className="cv-legend-glyph">
                <path d={markPath('cross', 18)} stroke={markColor('cross')} strokeWidth={3.5} fill="none" strokeLinecap="round" />
              </svg>
              no ·{' '}
            </>
          )}
          click one to drop it
        </li>
      </ul>
      <h2 className="cv-legend-head">Nodes</h2>
      <ul className="cv-legend-grid">
        {legend.tones.map((r) => (
          <li className="cv-legend-item" key={r.tone}>
            <span className={`cv-legend-role cv-role-${r.tone}`}>{r.icon}</span>
            {r.label}
          </li>
        ))}
        <li className="cv-legend-item">
          <span className="cv-legend-role cv-role-down">
            <CrossIcon size={9} />
          </span>
          crashed
        </li>
        {node.ringTimer !== null && (
          <li className="cv-legend-item">
            <svg width={20} height={20} viewBox="0 0 20 20" aria-hidden="true">
              <circle cx={10} cy={10} r={7} className="cv-timer-track" strokeWidth={3.5} />
              <circle cx={10} cy={10} r={7} className="cv-timer-arc" strokeWidth={3.5} pathLength={1} strokeDasharray="0.6 1" transform="rotate(-90 10 10)" />
            </svg>
            {node.ringLabel}
          </li>
        )}
        <li className="cv-legend-item">
          <svg width={30} height={20} viewBox="0 0 30 20" aria-hidden="true" className="cv-legend-link">
            <path d="M1,10H29" className="cv-legend-cutline" />
            <circle cx={15} cy={10} r={7} className="cv-link-badge" />
            <path d="M11.5,6.5L18.5,13.5M18.5,6.5L11.5,13.5" className="cv-link-x" />
          </svg>
          cut link
        </li>
        {More && <More />}
      </ul>
    </section>
  );
}

export const Legend = memo(LegendImpl);
