import { lazy, Suspense, useCallback, useState } from 'react';
import type { Scenario } from '../../../engine/scenario/schema';
import { dispatch } from '../../session/commands';
import { useSession } from '../../session/session-context';
import './launcher.css';

// The panel (d3, the experiment engine, the pool) loads on first use, not with the page.
const ExperimentPanel = lazy(() => import('./ExperimentPanel').then((m) => ({ default: m.ExperimentPanel })));

/**
 * The header's "Experiments" button and the dialog it opens. Opening pauses the interactive
 * run: the experiment's workers take every core, and the cluster would only stutter behind it.
 */
export function ExperimentsLauncher({ currentScenario, onOpen }: { currentScenario: () => Promise<Scenario>; onOpen?: () => void }) {
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  return (
    <>
      <button
        type="button"
        className="experiments-launch"
        aria-haspopup="dialog"
        onClick={() => {
          onOpen?.();
          setOpen(true);
        }}
      >
        Experiments
      </button>
      {open && (
        <Suspense fallback={null}>
          <ExperimentPanel currentScenario={currentScenario} onClose={close} />
        </Suspense>
      )}
    </>
  );
}

/** The launcher wired to the page's session (as ShareControls is). */
export function ExperimentsControls() {
  const session = useSession();
  return <ExperimentsLauncher currentScenario={() => session.currentScenario()} onOpen={() => dispatch('pause')} />;
}
