import { memo, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { nodeName, useSim } from '../../store/store';
import { BallotIcon, CrossIcon, CrownIcon, FollowerIcon } from '../../views/cluster/icons';
import type { NodeBodyProps } from '../ui';
import { CommitIndex, LogStrip } from './LogStrip';
import { detailLine, ROLE_TEXT, summarizeNode, type RoleName } from './node-summary';

const ROLE_ICON: Record<RoleName, (() => ReactNode) | null> = {
  leader: () => <CrownIcon size={18} />,
  candidate: () => <BallotIcon />,
  precandidate: () => <BallotIcon />,
  follower: () => <FollowerIcon />,
  client: null,
  down: () => <CrossIcon />,
  unknown: null,
};

/**
 * One Raft server inside the cluster view's node shell: a role badge (text and icon, never
 * colour alone), the disc's name, term and vote (or a leader's commit index), and the tail of
 * its log under the disc. It re-renders only when what it shows changes.
 */
function RaftNodeBodyImpl({ id, disc }: NodeBodyProps) {
  const s = useSim(useShallow((st) => summarizeNode(st.nodes.find((n) => n.id === id), nodeName, st.nodes.length)));
  const icon = ROLE_ICON[s.role];
  if (s.role === 'client') {
    // A client node: a rounded square, not a disc, and no log (it keeps none).
    return (
      <>
        <div className="cv-badge">
          <span>{ROLE_TEXT.client}</span>
        </div>
        <div className="cv-disc cv-client-disc" aria-hidden="true" style={disc}>
          <span className="cv-name">{s.name}</span>
          <span className="cv-detail">{detailLine(s)}</span>
        </div>
      </>
    );
  }
  return (
    <>
      <div className="cv-badge">
        {icon?.()}
        <span>{ROLE_TEXT[s.role]}</span>
      </div>
      {/* What the disc shows is for the eye; the shell's button over it carries the same for every reader (its name). */}
      <div className="cv-disc" aria-hidden="true" style={disc}>
        <span className="cv-name">{s.name}</span>
        {s.term !== null && <span className="cv-term">term {s.term}</span>}
        {s.role === 'leader' ? <CommitIndex id={id} /> : <span className="cv-detail">{detailLine(s)}</span>}
      </div>
      <LogStrip id={id} down={s.role === 'down'} />
    </>
  );
}

export const RaftNodeBody = memo(RaftNodeBodyImpl);
