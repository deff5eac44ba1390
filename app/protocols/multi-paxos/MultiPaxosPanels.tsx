import { BallotTimeline } from '../../views/ballots/BallotTimeline';
import { Tabs, type TabSpec } from '../../views/tabs/Tabs';
import { multiPaxosBallots } from './ballots';
import { LogPanel } from './LogPanel';

/**
 * Multi-Paxos' bottom-row panel: the replicated log, or the ballot timeline (who led in which
 * ballot, who pre-empted whom, how many slots each ballot got chosen), one at a time as tabs.
 */
const TABS: readonly TabSpec[] = [
  { id: 'log', label: 'Log', render: () => <LogPanel /> },
  { id: 'ballots', label: 'Ballot timeline', render: () => <BallotTimeline adapter={multiPaxosBallots} /> },
];

export function MultiPaxosPanels() {
  return <Tabs label="Multi-Paxos panel" tabs={TABS} />;
}
