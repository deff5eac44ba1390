import { BallotIcon, CrownIcon, FollowerIcon } from '../../views/cluster/icons';
import type { LegendUi } from '../ui';
import { REPLY_DASH, SNAPSHOT_DASH, VOTE_DASH } from './colors';

/** The log strip's squares, as the cluster legend explains them. */
function LogEntries() {
  return (
    <>
      <li className="cv-legend-item">
        <span className="cv-entry cv-term-2 cv-committed cv-legend-entry">2</span>
        committed
      </li>
      <li className="cv-legend-item">
        <span className="cv-entry cv-term-3 cv-legend-entry">3</span>
        not yet
      </li>
    </>
  );
}

const line = (color: string, width: number, dash: string, head: 'arrow' | 'square' | 'dot', response = false) => ({
  color,
  width,
  dash,
  head,
  response,
  label: '',
});

export const raftLegend: LegendUi = {
  glyphs: [
    { type: 'RequestVote', msg: {}, label: 'vote request' },
    { type: 'RequestVoteResponse', msg: { granted: true }, label: 'vote reply' },
    { type: 'AppendEntries', msg: { entries: [1, 2] }, label: 'append n entries' },
    { type: 'AppendEntries', msg: { entries: [] }, label: 'heartbeat' },
    { type: 'AppendEntriesResponse', msg: { success: true }, label: 'append reply' },
    { type: 'ClientRequest', msg: {}, label: 'client request' },
    { type: 'ClientRedirect', msg: {}, label: 'redirect' },
    { type: 'InstallSnapshot', msg: {}, label: 'snapshot' },
  ],
  marks: true,
  tones: [
    { tone: 'leader', label: 'leader', icon: <CrownIcon size={12} /> },
    { tone: 'candidate', label: 'candidate', icon: <BallotIcon size={9} /> },
    { tone: 'follower', label: 'follower', icon: <FollowerIcon size={9} /> },
  ],
  More: LogEntries,
  lines: [
    { style: line('var(--msg-append)', 3.5, '', 'arrow'), label: 'AppendEntries' },
    { style: line('var(--msg-heartbeat)', 1.75, '', 'arrow'), label: 'heartbeat' },
    { style: line('var(--msg-vote)', 3, VOTE_DASH, 'arrow'), label: '(Pre)Vote' },
    { style: line('var(--msg-client)', 2.5, '', 'square'), label: 'client' },
    { style: line('var(--msg-snapshot)', 4.5, SNAPSHOT_DASH, 'arrow'), label: 'InstallSnapshot' },
    { style: line('var(--ink-soft)', 2.5, REPLY_DASH, 'dot', true), label: 'reply' },
  ],
};
