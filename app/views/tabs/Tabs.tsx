import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface TabSpec {
  readonly id: string;
  readonly label: string;
  /** Only the shown tab's content is mounted: a hidden panel does no work. */
  readonly render: () => ReactNode;
}

/**
 * Panels that share one place, one shown at a time (a 720-pixel screen has no room for all of
 * them), as WAI-ARIA tabs: the selected tab is the one tab stop, arrow keys move between them.
 * Styled by the page's diagram-tab classes, so every tab strip on the page looks the same.
 */
export function Tabs({ label, tabs, selected, onSelect }: { label: string; tabs: readonly TabSpec[]; selected?: string; onSelect?: (id: string) => void }) {
  // Uncontrolled by default; a panel that switches tabs itself (a click elsewhere opening one) passes `selected` and `onSelect`.
  const [own, setOwn] = useState(tabs[0]!.id);
  const tab = selected ?? own;
  const setTab = (id: string) => {
    setOwn(id);
    onSelect?.(id);
  };
  const base = useId();
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const shown = tabs.find((t) => t.id === tab) ?? tabs[0]!;
  const onKeyDown = (event: KeyboardEvent) => {
    const index = tabs.findIndex((t) => t.id === shown.id);
    const next = event.key === 'ArrowRight' ? (index + 1) % tabs.length : event.key === 'ArrowLeft' ? (index + tabs.length - 1) % tabs.length : -1;
    if (next < 0) return;
    event.preventDefault();
    setTab(tabs[next]!.id);
    buttons.current[next]?.focus();
  };
  return (
    <div className="diagram-tabs">
      <div className="diagram-tablist" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
        {tabs.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => {
              buttons.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${base}-${t.id}-tab`}
            aria-selected={shown.id === t.id}
            aria-controls={`${base}-${t.id}-panel`}
            tabIndex={shown.id === t.id ? 0 : -1}
            className="diagram-tab"
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="diagram-tabpanel" role="tabpanel" id={`${base}-${shown.id}-panel`} aria-labelledby={`${base}-${shown.id}-tab`}>
        {shown.render()}
      </div>
    </div>
  );
}
