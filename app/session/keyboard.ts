import { useSim } from '../store/store';
import { dispatch, togglePlay } from './commands';
import { select } from './selection';

/** Keys that belong to the focused control and must not drive the simulation. */
function ownsKey(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || target.isContentEditable) return key !== 'ArrowLeft' && key !== 'ArrowRight' ? true : tag !== 'INPUT' || (target as HTMLInputElement).type !== 'range';
  // A focused button is pressed by Space itself.
  return key === ' ' && (tag === 'BUTTON' || target.getAttribute('role') === 'button');
}

/**
 * Space plays and pauses, → steps one event, Shift+→ steps to the next election, leader or
 * commit, ← steps back to just before the latest event, Escape closes the selection, ? lists the
 * keys (SHORTCUTS, which the help dialog shows: keep the two together).
 */
/** Every key the page answers to, for the help dialog that `?` opens. */
export const SHORTCUTS: readonly { keys: readonly string[]; does: string }[] = [
  { keys: ['Space'], does: 'Play or pause' },
  { keys: ['→'], does: 'Step: deliver the next message or fire the next timer' },
  { keys: ['Shift', '→'], does: 'Step to the next ★ (the protocol\'s interesting moments)' },
  { keys: ['←'], does: 'Back to just before the latest event' },
  { keys: ['Tab'], does: 'Move between servers, buttons and panels; Enter or Space selects' },
  { keys: ['Escape'], does: 'Close the selection, its quick actions, or a dialog' },
  { keys: ['Page Down'], does: 'A lesson\'s next step (what a presentation clicker sends)' },
  { keys: ['Page Up'], does: 'A lesson\'s previous step' },
  { keys: ['?'], does: 'This list' },
];

export function installKeyboard(): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey || ownsKey(e.target, e.key)) return;
    if (e.key === '?') {
      // The list of these keys (views/help/ShortcutHelp.tsx); not over another dialog.
      if (!document.querySelector('dialog[open]')) {
        e.preventDefault();
        useSim.setState({ shortcutsOpen: true });
      }
    } else if (e.key === 'Escape') {
      // Escape closes what a click opened (a node's actions, the inspector's choice), unless
      // a dialog is open: that Escape is the dialog's.
      if (useSim.getState().selection !== null && !document.querySelector('dialog[open], [role="dialog"]')) select(null);
    } else if (e.key === ' ') {
      e.preventDefault();
      togglePlay();
    } else if (e.key === 'ArrowRight') {
      e.preventDefault();
      if (e.shiftKey) dispatch('stepToInteresting');
      else dispatch('stepOnce');
    } else if (e.key === 'ArrowLeft') {
      e.preventDefault();
      const { trace, now } = useSim.getState();
      const previous = [...trace].reverse().find((ev) => ev.at < now);
      dispatch('seek', previous ? previous.at : Math.max(0, now - 1000));
    }
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
