import { memo, useCallback, type KeyboardEvent } from 'react';
import type { EdgeProps } from '@xyflow/react';
import { useShallow } from 'zustand/react/shallow';
import { nodeName, useSim } from '../../store/store';
import { select } from '../../session/selection';
import type { Selection } from '../../store/types';
import type { LinkFlowEdge } from './flow-types';
import { linkLabel, linkStatus } from './link-state';

function isSelected(sel: Selection, a: number, b: number): boolean {
  return sel?.kind === 'link' && ((sel.from === a && sel.to === b) || (sel.from === b && sel.to === a));
}

/** Distance of the one-way arrow from the link's middle, and the cross badge's radius. */
const ARROW_OFFSET = 34;
const BADGE_R = 16;

/**
 * One link of the full mesh, drawn centre to centre (the discs cover the ends). Working: a thin
 * grey line. Cut or partitioned: red and dashed; a cut link also gets a cross badge in the
 * middle, and a one-way cut an arrow showing which direction is lost.
 */
function LinkEdgeImpl({ sourceX, sourceY, targetX, targetY, data }: EdgeProps<LinkFlowEdge>) {
  const a = data?.a ?? 0;
  const b = data?.b ?? 0;
  // One cheap selector per edge (a 15-node mesh has 105 of them), shallow-compared.
  const { selected, ...status } = useSim(useShallow((s) => ({ ...linkStatus(s.links, a, b), selected: isSelected(s.selection, a, b) })));
  const nameA = nodeName(a);
  const nameB = nodeName(b);
  const onSelect = useCallback(() => select({ kind: 'link', from: a, to: b }), [a, b]);
  const onKeyDown = useCallback(
    (e: KeyboardEvent) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onSelect();
      }
    },
    [onSelect],
  );

  const d = `M${sourceX},${sourceY}L${targetX},${targetY}`;
  const blocked = status.ab || status.ba;
  const oneWay = status.ab !== status.ba;
  const mx = (sourceX + targetX) / 2;
  const my = (sourceY + targetY) / 2;
  const angle = (Math.atan2(targetY - sourceY, targetX - sourceX) * 180) / Math.PI;
  const label = linkLabel(nameA, nameB, status);
  const cls = ['cv-link', blocked ? 'cv-link-cut' : '', status.partitioned && !status.cut ? 'cv-link-partitioned' : '', data?.dense ? 'cv-link-dense' : '', selected ? 'cv-link-selected' : '']
    .filter(Boolean)
    .join(' ');

  return (
    <g className={cls}>
      <path className="cv-link-line" d={d} />
      {status.cut && (
        <g transform={`translate(${mx},${my}) rotate(${oneWay && status.ba ? angle + 180 : angle})`} className="cv-link-marker">
          {oneWay && <path className="cv-link-arrow" d={`M${-ARROW_OFFSET - 16},-13L${-ARROW_OFFSET + 6},0L${-ARROW_OFFSET - 16},13Z`} />}
          <circle r={BADGE_R} className="cv-link-badge" />
          <path d="M-7,-7L7,7M7,-7L-7,7" className="cv-link-x" />
        </g>
      )}
      <path
        className="cv-link-hit"
        d={d}
        role="button"
        tabIndex={-1}
        aria-label={label}
        aria-pressed={selected}
        onClick={onSelect}
        onKeyDown={onKeyDown}
      >
        <title>{label}</title>
      </path>
    </g>
  );
}

export const LinkEdge = memo(LinkEdgeImpl);
