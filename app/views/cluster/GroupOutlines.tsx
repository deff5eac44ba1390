import { memo } from 'react';
import { NODE_H, type Point } from './layout';
import { groupCaption, groupOutline } from './partition-gesture';

/** Padding of an outline around its nodes' centres: clear of the badge and the log strip. */
const PAD = NODE_H / 2 + 14;

/**
 * Dashed outlines around partition groups, captioned "3 of 5: majority". While dragging they
 * preview what releasing would do; once partitioned they show the groups in force.
 */
function GroupOutlinesImpl({
  groups,
  positions,
  total,
  preview,
}: {
  groups: readonly (readonly number[])[];
  positions: ReadonlyMap<number, Point>;
  total: number;
  preview: boolean;
}) {
  if (groups.length < 2) return null;
  return (
      <svg className={`cv-groups${preview ? ' cv-groups-preview' : ''}`} aria-hidden="true">
        {groups.map((g) => {
          const pts = g.map((id) => positions.get(id)).filter((p): p is Point => p !== undefined);
          if (pts.length === 0) return null;
          const outline = groupOutline(pts, PAD, 32);
          const top = outline.reduce((best, p) => (p.y < best.y ? p : best), outline[0]!);
          const cx = pts.reduce((sum, p) => sum + p.x, 0) / pts.length;
          return (
            <g key={g.join(',')}>
              <path className="cv-group-outline" d={`M${outline.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join('L')}Z`} />
              <text className="cv-group-caption" x={cx} y={top.y - 10}>
                {groupCaption(g.length, total)}
              </text>
            </g>
          );
        })}
      </svg>
  );
}

export const GroupOutlines = memo(GroupOutlinesImpl);
