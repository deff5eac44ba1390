/**
 * The page's entry script, kept small on purpose: it starts the coordinator's Web Worker first,
 * then loads the rest of the page (boot.tsx: React, the views, every protocol's UI). The worker
 * fetches and compiles its own script (the engine) on its own thread while this one loads and
 * runs the page's; a share link with a moment is handed to it at once, so its catch-up runs
 * meanwhile too (issue 12: opening a link by navigation spent ~0.25 s in the page's scripts
 * before the worker existed, and more before the catch-up started).
 */
import { startCoordinator } from '../workers/coordinator-client';
import { MAX_SHARED_NODES } from './session/limits';

const client = startCoordinator();
// The coordinator decodes and checks the link itself and declines what the page would not open
// this way; boot.tsx decodes it again for the page and takes this call's status if it is the same link.
const fragment = location.hash.slice(1);
const early = fragment.trim() === '' ? null : { fragment, status: client.api.openLink(fragment, { maxNodes: MAX_SHARED_NODES }) };
void import('./boot').then(({ boot }) => boot(client, early));

// Offline after the first visit (built page only: the dev server must always serve fresh files).
// The script's URL names this build (the entry chunk's hashed file name, which names the page's
// chunk it imports): a new deploy is a new script, so the browser installs it and it fetches the
// new build ahead (public/sw.js).
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  const build = new URL(import.meta.url).pathname.split('/').pop() ?? '';
  const register = () => void navigator.serviceWorker.register(`./sw.js?build=${encodeURIComponent(build)}`).catch(() => undefined);
  // Not before the page has loaded and the link's catch-up is done (or 15 s have passed), and
  // then when the page is idle: on a first visit the worker fetches the whole build and library
  // ahead (~3.5 MB), which on two cores slowed the link's opening (a minute-10 link's first
  // visit took ~1.2 s longer, median of 8 paired runs).
  const loaded = new Promise<void>((resolve) => (document.readyState === 'complete' ? resolve() : window.addEventListener('load', () => resolve(), { once: true })));
  const opened = early ? Promise.race([early.status.catch(() => null), new Promise((resolve) => setTimeout(resolve, 15_000))]) : null;
  void Promise.all([loaded, opened]).then(() => {
    if ('requestIdleCallback' in window) requestIdleCallback(register, { timeout: 3000 });
    else setTimeout(register, 500);
  });
}
