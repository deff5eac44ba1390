import { memo, useEffect, useRef } from 'react';
import { nodeCommands } from '../../commands/dispatch';
import { useProtocolUi } from '../../protocols/registry';
import { dispatch } from '../../session/commands';
import { select } from '../../session/selection';
import { useSim } from '../../store/store';

/**
 * The selected node's actions, in a bar at the cluster view's right edge (the fit keeps the
 * servers clear of it, as it does of the legend): beside a node it covered the node's
 * neighbours in a five-server circle at 720 pixels (issue 11). Which actions: the node commands
 * with a bar label (the page's crash or restart, then the protocol's: Raft's "Time out" and
 * "Client write") that fit the node now. It closes with its × button, Escape, a click on the
 * empty canvas, or by selecting something else.
 */
function NodeActionsImpl({ id, onWidth }: { id: number; onWidth: (px: number) => void }) {
  const ui = useProtocolUi();
  const node = useSim((s) => s.nodes.find((n) => n.id === id));
  const up = node?.up ?? true;
  const shown = nodeCommands(ui.commands).filter(
    (c) =>
      c.bar !== undefined &&
      (c.when ? c.when === (up ? 'up' : 'down') && (node === undefined || (c.enabled?.(node) ?? true)) : node !== undefined && (c.enabled?.(node) ?? true)),
  );
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const report = () => onWidth(el.getBoundingClientRect().width);
    report();
    const observer = new ResizeObserver(report);
    observer.observe(el);
    return () => {
      observer.disconnect();
      onWidth(0);
    };
  }, [onWidth]);
  const name = node?.name ?? '';
  return (
    <div ref={box} className="cv-actions" role="toolbar" aria-orientation="vertical" aria-label={`Quick actions on ${name}`}>
      <div className="cv-actions-head">
        <span className="cv-actions-name">{name}</span>
        <button type="button" className="cv-actions-close" aria-label={`Close the quick actions on ${name}`} title="Close (Escape)" onClick={() => select(null)}>
          ×
        </button>
      </div>
      {shown.map((c) => (
        <button key={c.id} type="button" className={`cv-action${c.tone === 'danger' ? ' cv-action-danger' : ''}`} onClick={() => dispatch(c.id, id)} title={c.title}>
          {c.bar}
        </button>
      ))}
    </div>
  );
}

export const NodeActions = memo(NodeActionsImpl);
