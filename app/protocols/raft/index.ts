import type { ProtocolUi } from '../ui';
import { raftCommands } from './commands';
import { raftDefaultScenario } from './default-scenario';
import { raftInspector, renderRaftField } from './inspector';
import { RAFT_TOPICS, raftNarrator } from './describe';
import { raftLegend } from './legend';
import { raftLessons } from './lessons';
import { LogTable } from './log-table/LogTable';
import { raftMessages } from './messages';
import { raftLook } from './node-summary';
import { raftObservations } from './observations';
import { RaftNodeBody } from './RaftNode';
import { raftSettings } from './settings';
import { asRaftView, type RaftView } from './view';
import './raft.css';

const LANE_GLYPH: Record<RaftView['role'], string> = { leader: '★', candidate: '◆', precandidate: '◇', follower: '' };

/** Raft in the page: what app/protocols/registry.ts lists for the engine's "raft". */
export const raftUi: ProtocolUi<RaftView> = {
  name: 'raft',
  title: 'Raft',
  summary: 'Consensus: a leader elected by majority vote replicates a log of client writes.',
  parseView: asRaftView,
  defaultScenario: raftDefaultScenario,
  node: {
    look: raftLook,
    Body: RaftNodeBody,
    ringTimer: 'election',
    ringLabel: 'election timer',
    laneGlyph: (node) => {
      const view = asRaftView(node.view);
      return view ? LANE_GLYPH[view.role] : '';
    },
  },
  messages: { ...raftMessages, renderField: renderRaftField },
  legend: raftLegend,
  observations: raftObservations,
  interestingText: 'an election, a new leader or a commit',
  narrator: raftNarrator,
  topics: RAFT_TOPICS,
  panels: [{ id: 'logs', Component: LogTable }],
  inspector: raftInspector,
  commands: raftCommands,
  lessons: raftLessons,
  settings: raftSettings,
};
