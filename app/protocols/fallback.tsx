import { defaultScenario } from '../../engine/scenario/schema';
import { serverName } from '../lib/format';
import { plainNarrator } from '../narrate/plain';
import { TimersSection } from '../views/inspector/TimersSection';
import type { InspectorSectionProps, NodeBodyProps, ProtocolUi } from './ui';

/**
 * The page's view of a protocol that has no folder of its own yet (the engine knows it, a shared
 * link may run it): nodes as plain discs, up or crashed; messages as grey dots and plain lines.
 * Knows nothing of any protocol.
 */
function PlainNode({ id, look, disc }: NodeBodyProps) {
  return (
    <>
      <div className="cv-badge">
        <span>{look.tone === 'down' ? 'Crashed' : 'Running'}</span>
      </div>
      <div className="cv-disc" aria-hidden="true" style={disc}>
        <span className="cv-name">{serverName(id)}</span>
      </div>
    </>
  );
}

/** Whatever the node's view holds, field by field. */
function ViewFields({ node }: InspectorSectionProps) {
  const fields = Object.entries(node.view ?? {});
  if (fields.length === 0) return null;
  return (
    <dl className="inspector-facts">
      {fields.map(([k, v]) => (
        <div key={k} style={{ display: 'contents' }}>
          <dt>{k}</dt>
          <dd>{typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function fallbackUi(name: string): ProtocolUi<Record<string, unknown>> {
  return {
    name,
    title: name,
    summary: `The ${name} protocol, drawn plainly (it has no view of its own yet).`,
    parseView: (view) => view ?? null,
    defaultScenario: ({ seed, nodes }) => defaultScenario({ protocol: name, nodes: nodes ?? 3, seed, workload: { kind: 'none' } }),
    node: {
      look: (node) => {
        const label = node?.name ?? '?';
        return node?.up ? { tone: 'up', label: `${label}, running` } : { tone: 'down', label: `${label}, crashed` };
      },
      Body: PlainNode,
      ringTimer: null,
      ringLabel: '',
      laneGlyph: () => '',
    },
    messages: {
      glyph: () => ({ kind: 'other', shape: 'circle', size: 7, color: 'var(--msg-other)', hollow: false, text: null, mark: null }),
      line: (type) => ({ color: 'var(--msg-other)', dash: '', width: 2, response: false, head: 'arrow', label: type }),
      details: () => [],
      facts: () => [],
      fieldLabels: {},
    },
    legend: { glyphs: [], marks: false, tones: [{ tone: 'up', label: 'running' }], lines: [] },
    observations: {},
    interestingText: 'the next observation',
    narrator: plainNarrator({}),
    topics: {},
    panels: [],
    commands: [],
    inspector: {
      nodeHint: 'what it holds, its timers, and a button to crash it',
      Badge: () => null,
      crashedNote: () => 'It keeps only what it wrote to disk. Restart it to see it recover.',
      sections: [
        { id: 'view', Component: ViewFields },
        { id: 'timers', Component: TimersSection },
      ],
    },
  };
}
