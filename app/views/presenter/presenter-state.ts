/**
 * Presenter mode as a tiny external store (no React here): a `presenter` class on <html>
 * that presenter.css keys its overrides on, and the page in full screen when the browser
 * allows it. Leaving full screen (Esc) leaves presenter mode too; a refused full-screen
 * request leaves the class on, so large type still works in a window.
 */
export interface PresenterSnapshot {
  active: boolean;
  /** Full screen was asked for and refused (or is unavailable): the mode runs in a window. */
  fullscreenRefused: boolean;
}

const CLASS = 'presenter';
let snapshot: PresenterSnapshot = { active: false, fullscreenRefused: false };
let ownsFullscreen = false;
const listeners = new Set<() => void>();
let watching = false;

function set(next: PresenterSnapshot): void {
  if (next.active === snapshot.active && next.fullscreenRefused === snapshot.fullscreenRefused) return;
  snapshot = next;
  listeners.forEach((l) => l());
}

function root(): HTMLElement | null {
  return typeof document === 'undefined' ? null : document.documentElement;
}

function onFullscreenChange(): void {
  if (document.fullscreenElement) return;
  // The user left full screen (Esc, F11, the browser's own button): presenter mode ends with it.
  if (ownsFullscreen) {
    ownsFullscreen = false;
    if (snapshot.active) exitPresenter();
  }
}

function watch(): void {
  if (watching || typeof document === 'undefined') return;
  watching = true;
  document.addEventListener('fullscreenchange', onFullscreenChange);
}

export function getPresenter(): PresenterSnapshot {
  return snapshot;
}

export function subscribePresenter(listener: () => void): () => void {
  watch();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Turns presenter mode on. Call it from a user gesture (a click), or full screen is refused. */
export function enterPresenter(options: { fullscreen?: boolean } = {}): void {
  const el = root();
  if (!el) return;
  watch();
  el.classList.add(CLASS);
  set({ active: true, fullscreenRefused: false });
  if (options.fullscreen === false || document.fullscreenElement) return;
  if (!document.fullscreenEnabled || typeof el.requestFullscreen !== 'function') {
    set({ active: true, fullscreenRefused: true });
    return;
  }
  try {
    el.requestFullscreen({ navigationUI: 'hide' }).then(
      () => {
        ownsFullscreen = true;
      },
      () => set({ ...snapshot, fullscreenRefused: snapshot.active }),
    );
  } catch {
    set({ active: true, fullscreenRefused: true });
  }
}

export function exitPresenter(): void {
  const el = root();
  if (!el) return;
  el.classList.remove(CLASS);
  set({ active: false, fullscreenRefused: false });
  if (ownsFullscreen && document.fullscreenElement) {
    ownsFullscreen = false;
    document.exitFullscreen().catch(() => undefined);
  }
}

export function togglePresenter(): void {
  if (snapshot.active) exitPresenter();
  else enterPresenter();
}
