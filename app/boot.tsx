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
import { startCoordinator } from '../workers/coordinator-client';
import './styles.css';

/**
 * Starts the page around `coordinator`, the worker app/main.tsx started before this script had
 * loaded: the session, the link or first run, the automation and keyboard hooks, React.
 */
export function boot(coordinator: Worker): void {
  installAutomation();
  installKeyboard();
  const session = new Session(startCoordinator(coordinator));
  installSession(session);
  void start(session);
  window.addEventListener('hashchange', () => {
    void readSharedScenario(location.hash).then((r) => {
      if (r.kind === 'scenario') void session.open(r.scenario, r.view);
      else if (r.kind === 'error') useSim.setState({ notice: { text: `This link cannot be opened: ${r.message}. The current run is unchanged.`, tone: 'error' } });
    });
  });
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <SessionContext.Provider value={session}>
        <App />
      </SessionContext.Provider>
    </StrictMode>,
  );
}

/**
 * A link's fragment opens its scenario at its moment (caught up before any node worker starts:
 * `Session.open`); a bad link says why and a new run starts instead.
 */
async function start(session: Session): Promise<void> {
  const params = new URLSearchParams(location.search);
  // The page may draw on real randomness (the engine never does): each visit gets a fresh seed,
  // shown in the status bar, unless the URL names one.
  const randomSeed = crypto.getRandomValues(new Uint32Array(1))[0]!;
  /** `?protocol=NAME` opens that system's default run (a shared link's fragment says its own). */
  const asked = params.get('protocol');
  const system = asked !== null && getProtocolIfKnown(asked) ? asked : undefined;
  if (system) useSim.setState({ protocol: system });
  const shared = await readSharedScenario(location.hash);
  if (shared.kind === 'scenario' && shared.view.atUs) {
    await session.open(shared.scenario, shared.view);
  } else {
    const first = shared.kind === 'scenario' ? shared.scenario : defaultScenario(params, randomSeed, system);
    if ((await session.load(first)) && params.get('paused') !== '1') session.autoplay();
  }
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
