import { useEffect, useRef } from 'react';

/**
 * PageDown / PageUp, what a presentation clicker sends, call `onNext` / `onBack`. The arrow
 * keys are left alone: they step the simulation (app/session/keyboard.ts). Keys typed into a
 * text field, a select or an editable element are theirs.
 */
export function useClickerKeys(handlers: { onNext: () => void; onBack: () => void }, enabled = true): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || e.defaultPrevented) return;
      if (e.key !== 'PageDown' && e.key !== 'PageUp') return;
      if (ownsPaging(e.target)) return;
      e.preventDefault();
      if (e.key === 'PageDown') latest.current.onNext();
      else latest.current.onBack();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}

function ownsPaging(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable) return true;
  return tag === 'INPUT' && (target as HTMLInputElement).type !== 'range' && (target as HTMLInputElement).type !== 'button';
}
