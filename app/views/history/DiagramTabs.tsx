import { SpaceTimeDiagram } from '../spacetime/SpaceTimeDiagram';
import { Tabs, type TabSpec } from '../tabs/Tabs';
import { lazyView } from '../../lib/lazy-view';
import './HistoryPanel.css';

// The history shows only when its tab is chosen: it loads then (or ahead, once the page is idle).
const HistoryPanel = lazyView(() => import('./HistoryPanel').then((m) => m.HistoryPanel));

/**
 * The bottom row's main panel: the space-time diagram of messages, or the clients' history, one
 * at a time. The one not shown is unmounted: the history is checked only while it shows.
 */
const TABS: readonly TabSpec[] = [
  { id: 'messages', label: 'Messages', render: () => <SpaceTimeDiagram /> },
  { id: 'history', label: 'Client history', render: () => <HistoryPanel /> },
];

export function DiagramTabs() {
  return <Tabs label="Bottom panel" tabs={TABS} />;
}
