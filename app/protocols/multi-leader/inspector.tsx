import { nodeName } from '../../store/store';
import type { NodeState } from '../../store/types';
import { TimersSection } from '../../views/inspector/TimersSection';
import type { InspectorSectionProps, InspectorUi } from '../ui';
import { asMultiLeaderView, clockText, siblingsText, skewText } from './view';

/** A leader in the inspector: its clock, then each key two ways, the counter and the cart, the writes it saw lost, its timers. */

function Badge({ node }: { node: NodeState }) {
  const view = asMultiLeaderView(node.view);
  if (!view) return null;
  return (
    <span className="inspector-role">
      <span aria-hidden="true">◷</span> leader, clock {skewText(view.skewMs)}
    </span>
  );
}

function Facts({ node }: InspectorSectionProps) {
  const view = asMultiLeaderView(node.view);
  if (!view) return null;
  return (
    <dl className="inspector-facts">
      {view.registers.map((r) => (
        <div key={r.key}>
          <dt>{r.key}</dt>
          <dd>
            LWW {r.lww ? `${r.lww.value} (${nodeName(r.lww.writer)}, clock ${clockText(r.lww.ts)})` : 'empty'}; siblings {siblingsText(r)}
          </dd>
        </div>
      ))}
      <dt>likes</dt>
      <dd>
        {view.counter.value} (PN-counter: +{Object.entries(view.counter.p).map(([n, x]) => `${nodeName(Number(n))} ${x}`).join(', ') || '0'}; −
        {Object.entries(view.counter.n).map(([n, x]) => `${nodeName(Number(n))} ${x}`).join(', ') || '0'})
      </dd>
      <dt>cart</dt>
      <dd>{view.cart.length ? view.cart.join(', ') : 'empty'} (OR-set, add wins)</dd>
      <dt>Lost here</dt>
      <dd>
        {view.lost.length === 0
          ? 'no write lost under last writer wins'
          : view.lost.map((l) => `${l.key}=${l.value} by ${nodeName(l.writer)} (clock ${clockText(l.ts)}) beaten by ${nodeName(l.byWriter)}'s ${l.byValue} (clock ${clockText(l.byTs)})`).join('; ')}
      </dd>
    </dl>
  );
}

export const multiLeaderInspector: InspectorUi = {
  nodeHint: 'its clock skew, each key under last writer wins and as siblings, the counter, the cart and the writes it saw lost',
  Badge,
  crashedNote: () => 'Its disk keeps every write it acknowledged and its clock skew. Restart it: anti-entropy brings it level with the others.',
  sections: [
    { id: 'facts', Component: Facts },
    { id: 'timers', Component: TimersSection },
  ],
};
