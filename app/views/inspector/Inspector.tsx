import { useShallow } from 'zustand/react/shallow';
import type { ReactNode } from 'react';
import { nodeCommands } from '../../commands/dispatch';
import { dispatch } from '../../session/commands';
import { select } from '../../session/selection';
import { useSim } from '../../store/store';
import type { NodeState } from '../../store/types';
import { serverName } from '../../lib/format';
import { useSampled } from '../../lib/sampling';
import { useProtocolUi } from '../../protocols/registry';
import { LinkPanel } from './LinkPanel';
import { MessagePanel } from './MessagePanel';
import { ByzantineChoice, NodeFaultBadges, SlowChoice } from './NodeFaults';
import { OperationPanel } from '../history/OperationPanel';
import './Inspector.css';

/**
 * What is selected, in full: a node's state and its actions, a message's payload and fate, or
 * a link's state with buttons to cut and restore it. With nothing selected, a hint. This is the
 * shell: what a node's state means is its protocol's to show (`ProtocolUi.inspector`: a badge
 * and sections), the rest is the same for every protocol.
 *
 * Contract: reads `selection` (at once) and `nodes`, `now`, `inFlight`, `trace`, `links`
 * (sampled at 10 Hz); acts only through `commands.*` and `select(...)`. Fills its parent's box
 * and scrolls inside it.
 */
export function Inspector() {
  const selection = useSim((s) => s.selection);
  let body: ReactNode;
  if (!selection) body = <Hint />;
  else if (selection.kind === 'node') body = <NodePanel id={selection.id} />;
  else if (selection.kind === 'message') body = <MessagePanel messageKey={selection.key} />;
  else if (selection.kind === 'operation') body = <OperationPanel opId={selection.opId} />;
  else body = <LinkPanel from={selection.from} to={selection.to} />;
  return (
    <section className="panel-view inspector" aria-label="Inspector">
      <header className="inspector-header">
        <h2 className="panel-title inspector-title">Inspector</h2>
        {selection ? (
          <button type="button" className="inspector-clear" onClick={() => select(null)}>
            Clear <span aria-hidden="true">✕</span>
          </button>
        ) : null}
      </header>
      {/* A tab stop of its own: a long body scrolls, and keyboards must reach it. */}
      <div className="inspector-body" tabIndex={0}>
        {body}
      </div>
    </section>
  );
}

function Hint() {
  const ui = useProtocolUi();
  return (
    <div className="inspector-hint">
      <p>Click something to look inside it:</p>
      <ul>
        <li>
          a <strong>server</strong>: {ui.inspector.nodeHint};
        </li>
        <li>
          a <strong>message</strong>: what it carries and when it arrives;
        </li>
        <li>
          a <strong>link</strong> between two servers: cut it one way or both.
        </li>
      </ul>
    </div>
  );
}

/* ------------------------------------------------------------------ server */

function NodePanel({ id }: { id: number }) {
  const ui = useProtocolUi();
  const nodes = useSampled((s) => s.nodes, 100);
  const now = useSampled((s) => s.now, 100);
  const node = nodes.find((n) => n.id === id) ?? null;
  if (!node) return <p className="inspector-note">{serverName(id)} is not part of this cluster.</p>;
  const readable = node.up && ui.parseView(node.view) !== null;
  const Badge = ui.inspector.Badge;
  return (
    <div className="inspector-node">
      <div className="inspector-heading">
        <h3 className="inspector-name">{node.name}</h3>
        {node.up ? (
          <Badge node={node} />
        ) : (
          <span className="inspector-role inspector-role--down">
            <span aria-hidden="true">✕</span> crashed
          </span>
        )}
        <NodeFaultBadges node={node} />
        {node.incarnation > 0 ? <span className="inspector-muted">incarnation {node.incarnation}</span> : null}
      </div>
      <NodeActions node={node} />
      <ByzantineChoice node={node} />
      <SlowChoice node={node} />
      <NodeLinks node={node} />
      {!node.up ? (
        <p className="inspector-note">
          {node.name} is crashed. {ui.inspector.crashedNote(node.name)}
        </p>
      ) : readable ? (
        ui.inspector.sections.map(({ id: key, Component }) => <Component key={key} node={node} now={now} nodes={nodes} />)
      ) : (
        <p className="inspector-note">This server's state cannot be shown (not a {ui.title} view).</p>
      )}
    </div>
  );
}

/** The node's commands: the page's crash or restart, then its protocol's (disabled when they do not fit now). */
function NodeActions({ node }: { node: NodeState }) {
  const ui = useProtocolUi();
  const state = node.up ? 'up' : 'down';
  return (
    <div className="inspector-actions" role="group" aria-label={`Actions on ${node.name}`}>
      {nodeCommands(ui.commands)
        .filter((c) => !c.when || c.when === state)
        .map((c) => (
          <button
            key={c.id}
            type="button"
            className={`inspector-button${c.tone ? ` inspector-button--${c.tone}` : ''}`}
            disabled={!(c.enabled?.(node) ?? true)}
            title={c.title}
            onClick={() => dispatch(c.id, node.id)}
          >
            {c.label}
          </button>
        ))}
    </div>
  );
}

/**
 * The links of the selected server, one button each: the keyboard's way to a link (the
 * cluster's edges are pointer targets only; with 15 servers there would be 105 tab stops).
 */
function NodeLinks({ node }: { node: NodeState }) {
  const peers = useSim(useShallow((s) => s.nodes.filter((n) => n.id !== node.id).map((n) => n.id)));
  if (peers.length === 0) return null;
  return (
    <div className="inspector-actions" role="group" aria-label={`Links of ${node.name}`}>
      {peers.map((peer) => (
        <button
          key={peer}
          type="button"
          className="inspector-link"
          onClick={() => select({ kind: 'link', from: node.id, to: peer })}
        >
          {/* The name is the visible text with its purpose in front (WCAG 2.5.3: say what you see). */}
          <span className="visually-hidden">Inspect the link </span>
          {node.name}–{serverName(peer)}
        </button>
      ))}
    </div>
  );
}
