import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { installAutomation } from './automation';
import { installSession } from './session/commands';
import { defaultScenario } from './session/default-scenario';
import { installKeyboard } from './session/keyboard';
import { Session } from './session/session';
import { readSharedScenario } from './session/share';
import { openLessonById } from './lessons/open-by-id';
import { getProtocolIfKnown, protocolNames } from '../engine/protocols/registry';
import { useSim } from './store/store';
import { SessionContext } from './session/session-context';
import './styles.css';

installAutomation();
installKeyboard();

const session = new Session();
installSession(session);
const params = new URLSearchParams(location.search);
// The page may draw on real randomness (the engine never does): each visit gets a fresh seed,
// shown in the status bar, unless the URL names one.
const randomSeed = crypto.getRandomValues(new Uint32Array(1))[0]!;

/** `?protocol=NAME` opens that system's default run (a shared link's fragment says its own). */
const asked = params.get('protocol');
const system = asked !== null && getProtocolIfKnown(asked) ? asked : undefined;
if (system) useSim.setState({ protocol: system });

/** A link's fragment opens its scenario; a bad link says why and a new run starts instead. */
async function start(): Promise<void> {
  const shared = await readSharedScenario(location.hash);
  const first = shared.kind === 'scenario' ? shared.scenario : defaultScenario(params, randomSeed, system);
  const loaded = await session.load(first);
  if (shared.kind === 'scenario' && shared.view.atUs) session.seek(shared.view.atUs);
  else if (loaded && params.get('paused') !== '1') session.autoplay();
  const lessonId = params.get('lesson');
  if (lessonId) {
    openLessonById(lessonId, undefined, params.get('step')).catch((error: unknown) =>
      useSim.setState({ notice: { text: `This lesson cannot be opened: ${(error as Error).message}.`, tone: 'error' } }),
    );
  }
  if (asked !== null && !system) {
    useSim.setState({ notice: { text: `There is no system "${asked.slice(0, 40)}" (known: ${protocolNames().join(', ')}). Showing the default one.`, tone: 'error' } });
  }
  if (shared.kind === 'error') {
    useSim.setState({ notice: { text: `This link cannot be opened: ${shared.message}. Showing a new run instead.`, tone: 'error' } });
  }
}
void start();

window.addEventListener('hashchange', () => {
  void readSharedScenario(location.hash).then((r) => {
    if (r.kind === 'scenario') void session.open(r.scenario, r.view);
    else if (r.kind === 'error') useSim.setState({ notice: { text: `This link cannot be opened: ${r.message}. The current run is unchanged.`, tone: 'error' } });
  });
});

// Offline after the first visit (built page only: the dev server must always serve fresh files).
// The script's URL names this build (the entry chunk's hashed file name): a new deploy is a new
// script, so the browser installs it and it fetches the new build ahead (public/sw.js).
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  const build = new URL(import.meta.url).pathname.split('/').pop() ?? '';
  void navigator.serviceWorker.register(`./sw.js?build=${encodeURIComponent(build)}`).catch(() => undefined);
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionContext.Provider value={session}>
      <App />
    </SessionContext.Provider>
  </StrictMode>,
);
