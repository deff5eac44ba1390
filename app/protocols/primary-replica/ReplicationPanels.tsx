import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { CdcPanel } from './CdcPanel';
import { LagPanel } from './LagPanel';

/**
 * Primary-replica's bottom-row panel: the replication lag chart, or the change stream, one at a
 * time as tabs (the page's bottom row has no room for a third column at 1280x720). Styled as the
 * page's own diagram tabs; arrow keys move between them.
 */
const TABS = [
  { id: 'lag', label: 'Replication lag' },
  { id: 'cdc', label: 'Change stream' },
] as const;

type TabId = (typeof TABS)[number]['id'];

export function ReplicationPanels() {
  const [tab, setTab] = useState<TabId>('lag');
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
      <div className="diagram-tablist" role="tablist" aria-label="Replication panel" onKeyDown={onKeyDown}>
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
        {tab === 'lag' ? <LagPanel /> : <CdcPanel />}
      </div>
    </div>
  );
}
