import { memo, useCallback, type KeyboardEvent } from 'react';
import { nodeName, useSim } from '../../store/store';
import { select } from '../../session/selection';
import { isLinkSelected, type MeshLink } from './link-canvas';
import { linkLabel, linkStatus } from './link-state';

/**
 * The links as assistive technology meets them: the mesh is painted on a canvas (link-canvas.ts),
 * so each link keeps a named button here ("link S1 to S3, cut one way S1→S3"), pressed while
 * selected, that selects it as a click on its line does. Out of sight, and out of the tab order
 * as the edges' buttons were (the inspector's link buttons are the keyboard's way in). One store
 * subscription for the whole mesh, on what the buttons say, not one per link.
 */
export const LinkButtons = memo(function LinkButtons({ links }: { links: readonly MeshLink[] }) {
  // A string, so equal states given as new objects render nothing.
  useSim((s) => `${s.links.cuts.join(',')}|${s.links.groups ? JSON.stringify(s.links.groups) : ''}|${s.selection?.kind === 'link' ? `${s.selection.from}-${s.selection.to}` : ''}`);
  const { links: state, selection } = useSim.getState();
  return (
    <div className="visually-hidden" role="group" aria-label="Links">
      {links.map(({ a, b }) => (
        <LinkButton key={`${a}-${b}`} a={a} b={b} label={linkLabel(nodeName(a), nodeName(b), linkStatus(state, a, b))} selected={isLinkSelected(selection, a, b)} />
      ))}
    </div>
  );
});

const LinkButton = memo(function LinkButton({ a, b, label, selected }: { a: number; b: number; label: string; selected: boolean }) {
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
  return <div role="button" tabIndex={-1} aria-label={label} aria-pressed={selected} onClick={onSelect} onKeyDown={onKeyDown} />;
});
