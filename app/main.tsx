import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { installAutomation } from './automation';
import { installSession } from './session/commands';
import { defaultScenario } from './session/default-scenario';
import { installKeyboard } from './session/keyboard';
import { Session } from './session/session';
import './styles.css';

installAutomation();
installKeyboard();

const session = new Session();
installSession(session);
const params = new URLSearchParams(location.search);
// The page may draw on real randomness (the engine never does): each visit gets a fresh seed,
// shown in the status bar, unless the URL names one.
const randomSeed = crypto.getRandomValues(new Uint32Array(1))[0]!;
void session.load(defaultScenario(params, randomSeed)).then(() => {
  if (params.get('paused') !== '1') session.play();
});

// Offline after the first visit (built page only: the dev server must always serve fresh files).
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  void navigator.serviceWorker.register('./sw.js').catch(() => undefined);
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
