import { useMemo, type ReactNode } from 'react';
import { dispatch } from '../../session/commands';
import { select } from '../../session/selection';
import { dropReasonText, formatDuration, formatSeconds, serverName } from '../../lib/format';
import { useSampled } from '../../lib/sampling';
import { useProtocolUi } from '../../protocols/registry';
import type { MessageUi } from '../../protocols/ui';
import { useSim } from '../../store/store';
import { findMessage, type FoundMessage } from './lookup';

/**
 * A message in the inspector: its line style and type, its route, its fate (in flight, delivered,
 * lost), a drop button while it flies, and its payload with the protocol's names for the fields.
 */
export function MessagePanel({ messageKey }: { messageKey: string }) {
  const inFlight = useSampled((s) => s.inFlight, 100);
  const trace = useSampled((s) => s.trace, 250);
  const now = useSampled((s) => s.now, 100);
  const actions = useSim((s) => s.actions);
  const found = useMemo(() => findMessage(messageKey, inFlight, trace, now, actions), [messageKey, inFlight, trace, now, actions]);
  if (!found) {
    return <p className="inspector-note">This message is no longer in the recorded trace.</p>;
  }
  return <MessageDetails found={found} now={now} />;
}

function MessageDetails({ found, now }: { found: FoundMessage; now: number }) {
  const { messages } = useProtocolUi();
  const style = messages.line(found.type, found.msg);
  const status =
    found.status === 'future'
      ? `not sent yet: it will be at ${formatSeconds(found.sentAt)}`
      : found.status === 'flight'
      ? `in flight, arrives in ${formatDuration(Math.max(0, found.dueAt - now))}`
      : found.status === 'delivered'
        ? `delivered at ${formatSeconds(found.endAt ?? found.dueAt)}`
        : found.reason === 'user'
          ? `dropped by you at ${formatSeconds(found.endAt ?? found.sentAt)}: it will never arrive`
          : `lost at ${formatSeconds(found.endAt ?? found.sentAt)} (${dropReasonText(found.reason)})`;
  return (
    <div className="inspector-message">
      <div className="inspector-heading">
        <svg width="40" height="14" viewBox="0 0 40 14" aria-hidden="true">
          <line x1="2" y1="7" x2="38" y2="7" stroke={style.color} strokeWidth={Math.max(2.5, style.width)} strokeDasharray={style.dash || undefined} strokeLinecap="round" />
        </svg>
        <h3 className="inspector-name">{found.type}</h3>
        {style.note ? <span className="inspector-muted">({style.note})</span> : null}
      </div>
      <p className="inspector-route">
        <button type="button" className="inspector-link" onClick={() => select({ kind: 'node', id: found.from })}>
          {serverName(found.from)}
        </button>
        <span aria-label="to"> → </span>
        <button type="button" className="inspector-link" onClick={() => select({ kind: 'node', id: found.to })}>
          {serverName(found.to)}
        </button>
        <button type="button" className="inspector-link inspector-link--quiet" onClick={() => select({ kind: 'link', from: found.from, to: found.to })}>
          this link
        </button>
      </p>
      <dl className="inspector-facts">
        <dt>Status</dt>
        <dd className={`inspector-status inspector-status--${found.status}`}>{status}</dd>
        <dt>Sent at</dt>
        <dd>{formatSeconds(found.sentAt)}</dd>
        <dt>Due at</dt>
        <dd>{found.dueAt > found.sentAt ? `${formatSeconds(found.dueAt)} (latency ${formatDuration(found.dueAt - found.sentAt)})` : 'never sent (refused at once)'}</dd>
      </dl>
      {found.status === 'flight' ? (
        <div className="inspector-actions">
          <button type="button" className="inspector-button inspector-button--danger" onClick={() => dispatch('dropMessage', found.key)}>
            Drop this message
          </button>
        </div>
      ) : null}
      <div className="inspector-section">
        <h4>Payload</h4>
        <Payload msg={found.msg} messages={messages} />
      </div>
    </div>
  );
}

function Payload({ msg, messages }: { msg: Record<string, unknown> | null; messages: MessageUi }) {
  if (!msg) return <p className="inspector-muted">Unknown (the send fell off the recorded trace).</p>;
  const fields = Object.entries(msg).filter(([k]) => k !== 'type');
  return (
    <dl className="inspector-facts">
      {fields.map(([k, v]) => (
        <PayloadField key={k} name={k} value={v} messages={messages} />
      ))}
    </dl>
  );
}

function PayloadField({ name, value, messages }: { name: string; value: unknown; messages: MessageUi }) {
  let shown: ReactNode = messages.renderField?.(name, value);
  if (shown !== undefined) {
    // The protocol drew it (Raft's entries as term chips).
  } else if (typeof value === 'boolean') {
    shown = value ? 'yes ✓' : 'no ✕';
  } else if (typeof value === 'number' || typeof value === 'string') {
    shown = String(value);
  } else {
    shown = JSON.stringify(value);
  }
  return (
    <>
      <dt>{messages.fieldLabels[name] ?? name}</dt>
      <dd>{shown}</dd>
    </>
  );
}
