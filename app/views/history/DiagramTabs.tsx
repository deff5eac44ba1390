import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { SpaceTimeDiagram } from '../spacetime/SpaceTimeDiagram';
import { HistoryPanel } from './HistoryPanel';
import './HistoryPanel.css';

/**
 * The bottom row's main panel: the space-time diagram of messages, or the clients' history, one
 * at a time (a 720-pixel screen has no room for both), as tabs (WAI-ARIA tabs: arrow keys move
 * between them). The one not shown is unmounted: the history is checked only while it shows.
 */
const TABS = [
  { id: 'messages', label: 'Messages' },
  { id: 'history', label: 'Client history' },
] as const;

type TabId = (typeof TABS)[number]['id'];

export function DiagramTabs() {
  const [tab, setTab] = useState<TabId>('messages');
  const base = useId();
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (event: KeyboardEvent) => {
    const index = TABS.findIndex((t) => t.id === tab);
    const next = event.key === 'ArrowRight' ? (index + 1) % TABS.length : event.key === 'ArrowLeft' ? (index + TABS.length - 1) % TABS.length : -1;
    if (next < 0) return;
    event.preventDefault();
    setTab(TABS[next]!.id);
    buttons.current[next]?.focus();
  };
  return (
    <div className="diagram-tabs">
      <div className="diagram-tablist" role="tablist" aria-label="Bottom panel" onKeyDown={onKeyDown}>
        {TABS.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => {
              buttons.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${base}-${t.id}-tab`}
            aria-selected={tab === t.id}
            aria-controls={`${base}-${t.id}-panel`}
            tabIndex={tab === t.id ? 0 : -1}
            className="diagram-tab"
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="diagram-tabpanel" role="tabpanel" id={`${base}-${tab}-panel`} aria-labelledby={`${base}-${tab}-tab`}>
        {tab === 'messages' ? <SpaceTimeDiagram /> : <HistoryPanel />}
      </div>
    </div>
  );
}
