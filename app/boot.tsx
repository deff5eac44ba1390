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
import { preloadLazyViews } from './lib/lazy-view';
import { getProtocolIfKnown, protocolNames } from '../engine/protocols/registry';
import { useSim } from './store/store';
import { SessionContext } from './session/session-context';
import type { CoordinatorClient } from '../workers/coordinator-client';
import type { CoordinatorStatus } from '../workers/coordinator-service';
import './styles.css';

/** A share link the entry script handed the coordinator already (app/main.tsx): its fragment, and the call. */
export interface EarlyLink {
  fragment: string;
  status: Promise<CoordinatorStatus | null>;
}

/**
 * Starts the page around `client`, the coordinator app/main.tsx started before this script had
 * loaded (with `early`, the link it is opening): the session, the link or first run, the
 * automation and keyboard hooks, React.
 */
export function boot(client: CoordinatorClient, early: EarlyLink | null): void {
  installAutomation();
  installKeyboard();
  const session = new Session(client, early?.status);
  installSession(session);
  void start(session, early);
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
async function start(session: Session, early: EarlyLink | null): Promise<void> {
  const params = new URLSearchParams(location.search);
  // The page may draw on real randomness (the engine never does): each visit gets a fresh seed,
  // shown in the status bar, unless the URL names one.
  const randomSeed = crypto.getRandomValues(new Uint32Array(1))[0]!;
  /** `?protocol=NAME` opens that system's default run (a shared link's fragment says its own). */
  const asked = params.get('protocol');
  const system = asked !== null && getProtocolIfKnown(asked) ? asked : undefined;
  if (system) useSim.setState({ protocol: system });
  const hash = location.hash;
  const shared = await readSharedScenario(hash);
  if (shared.kind === 'scenario' && shared.view.atUs) {
    // The coordinator has been opening this link since the entry script ran (if it still is the same one).
    await session.open(shared.scenario, shared.view, early !== null && early.fragment === hash.slice(1) ? early.status : undefined);
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
  // The panels left out of the page's first script (other systems', the history, the lesson
  // card) are fetched once the run shows and the page is idle, so that choosing them later does
  // not wait.
  whenIdle(() => void preloadLazyViews());
}

function whenIdle(task: () => void): void {
  if ('requestIdleCallback' in window) requestIdleCallback(task, { timeout: 3000 });
  else setTimeout(task, 500);
}
