import { useEffect, useMemo, useRef } from 'react';
import { useSampled } from '../../lib/sampling';
import { select } from '../../session/selection';
import { createRingDrawing, RING_SIZE, type RingDrawing } from './ring-drawing';
import { ringModel, type RingModel } from './ring-model';
import { bytesText } from './observations';
import { asRingView } from './view';
import { nodeName } from '../../store/store';

/**
 * The hash ring and the load per node, side by side: the ring (d3, ring-drawing.ts) with every
 * key's dot in its holder's colour, and a histogram of the keys each node holds against the mean
 * (and, with bounded loads, the cap ceil(c·K/N)). Under them, the chunks on their way and the
 * bytes moved so far. Reads the nodes at 5 Hz.
 */
const prefersReducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

export function RingPanel() {
  const nodes = useSampled((s) => s.nodes, 200);
  const model = useMemo(() => ringModel(nodes), [nodes]);
  const svgRef = useRef<SVGSVGElement>(null);
  const drawing = useRef<RingDrawing | null>(null);
  const bytes = useMemo(
    () => nodes.reduce((sum, n) => sum + (asRingView(n.up ? n.view : null)?.bytesReceived ?? 0), 0),
    [nodes],
  );

  useEffect(() => {
    if (!svgRef.current) return undefined;
    drawing.current = createRingDrawing(svgRef.current, prefersReducedMotion);
    return () => {
      drawing.current?.destroy();
      drawing.current = null;
    };
  }, []);
  useEffect(() => {
    if (model) drawing.current?.update(model);
  }, [model]);

  return (
    <section className="panel-view ring-panel" aria-label="Hash ring">
      <h2 className="panel-title">Hash ring</h2>
      <div className="ring-panel-body">
        <svg ref={svgRef} className="ring-svg" viewBox={`0 0 ${RING_SIZE} ${RING_SIZE}`} role="group" aria-label={model?.label ?? 'Hash ring: no node is running'} />
        {model && <LoadHistogram model={model} />}
      </div>
      {model && (
        <p className="ring-moving" aria-live="polite">
          {model.moving.length > 0
            ? model.moving.map((m) => `${nodeName(m.from)} → ${nodeName(m.to)}: ${m.keys} key${m.keys === 1 ? '' : 's'}`).join(' · ')
            : model.misplaced > 0
              ? `${model.misplaced} keys wait to move`
              : 'every key is at its owner'}
          {bytes > 0 ? ` · ${bytesText(bytes)} moved` : ''}
        </p>
      )}
    </section>
  );
}

function LoadHistogram({ model }: { model: RingModel }) {
  const rows = model.members;
  const total = model.keys.length;
  const memberCount = Math.max(1, rows.filter((m) => m.member).length);
  const mean = total / memberCount;
  const max = Math.max(1, mean * 1.6, ...rows.map((m) => m.held));
  return (
    <div className="ring-histogram">
      <ul className="ring-bars" aria-label={`Keys per node; the mean is ${mean.toFixed(1)}`}>
        {rows.map((m) => (
          <li key={m.id}>
            <button
              type="button"
              className={`ring-bar-row${m.member ? '' : ' ring-bar-row--leaving'}`}
              title={m.label}
              onClick={() => select({ kind: 'node', id: m.id })}
            >
              {/* The colour is a swatch beside the name: pale member colours on white fail contrast as text. */}
              <span className="ring-bar-name" style={{ borderLeftColor: m.color }}>
                {m.name}
              </span>
              <span className="visually-hidden">, {m.up ? 'holds ' : 'crashed, held '}</span>
              <span className="ring-bar-track" aria-hidden="true">
                <span className="ring-bar" style={{ width: `${(m.held / max) * 100}%`, background: m.color }} />
                <span className="ring-bar-mean" style={{ left: `${(mean / max) * 100}%` }} />
              </span>
              <span className="ring-bar-count">{m.up ? m.held : '✕'}</span>
              <span className="visually-hidden">{m.up ? ` keys, ${m.shareText}` : ` keys, ${m.shareText}, unknown while it is down`}</span>
            </button>
          </li>
        ))}
      </ul>
      <span className="ring-bar-legend" aria-hidden="true">
        ┆ mean {mean.toFixed(1)}
      </span>
    </div>
  );
}
