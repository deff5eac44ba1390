import { Tabs, type TabSpec } from '../../views/tabs/Tabs';
import { CdcPanel } from './CdcPanel';
import { LagPanel } from './LagPanel';

/**
 * Primary-replica's bottom-row panel: the replication lag chart, or the change stream, one at a
 * time as tabs (the page's bottom row has no room for a third column at 1280x720).
 */
const TABS: readonly TabSpec[] = [
  { id: 'lag', label: 'Replication lag', render: () => <LagPanel /> },
  { id: 'cdc', label: 'Change stream', render: () => <CdcPanel /> },
];

export function ReplicationPanels() {
  return <Tabs label="Replication panel" tabs={TABS} />;
}
