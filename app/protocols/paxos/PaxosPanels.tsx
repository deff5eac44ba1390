import { BallotTimeline } from '../../views/ballots/BallotTimeline';
import { Tabs, type TabSpec } from '../../views/tabs/Tabs';
import { AcceptorsPanel } from './AcceptorsPanel';
import { paxosBallots } from './ballots';

/**
 * Paxos' bottom-row panel: the acceptors' table or the ballot timeline, one at a time as tabs
 * (the page's bottom row has no room for a third column at 1280x720).
 */
const TABS: readonly TabSpec[] = [
  { id: 'acceptors', label: 'Acceptors', render: () => <AcceptorsPanel /> },
  { id: 'ballots', label: 'Ballot timeline', render: () => <BallotTimeline adapter={paxosBallots} /> },
];

export function PaxosPanels() {
  return <Tabs label="Paxos panel" tabs={TABS} />;
}
