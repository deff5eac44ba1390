import { useId, useState } from 'react';
import { encodeScenarioLink } from '../../../engine/scenario/link';
import { closeLesson } from '../../lessons/active-lesson';
import { useProtocolUi } from '../../protocols/registry';
import type { ProtocolUi, SettingUi } from '../../protocols/ui';
import { useSession } from '../../session/session-context';
import type { Session } from '../../session/session';
import { useSim } from '../../store/store';
import { ModalDialog } from '../dialog/ModalDialog';
import { buildNewRun, clientRateText, CLIENT_RATE, MAX_SEED, settingValues } from './new-run';
import './new-run.css';

/**
 * "New run": start the running system again from t = 0, with a seed of the user's choosing (the
 * current one: the same run again, a reset) and the protocol's settings (Raft: election timeout,
 * heartbeat interval, Pre-Vote) and, for every system that takes client operations, their rate
 * (from the registry's workload, so no system is special). The seed goes into the address
 * (`?seed=`), and settings or a rate other than the default ride in the fragment as a share
 * link, so a reload opens the same run.
 */
export function NewRun() {
  const ui = useProtocolUi();
  const session = useSession();
  const ready = useSim((s) => s.ready);
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="new-run-launch" aria-haspopup="dialog" disabled={!ready} onClick={() => setOpen(true)} title="Start again from t = 0: same or new seed, other settings">
        New run
      </button>
      <ModalDialog open={open} title="New run" onClose={() => setOpen(false)} className="new-run">
        {open && <NewRunForm ui={ui} session={session} onDone={() => setOpen(false)} />}
      </ModalDialog>
    </>
  );
}

function NewRunForm({ ui, session, onDone }: { ui: ProtocolUi; session: Session; onDone: () => void }) {
  const settings = ui.settings ?? [];
  const loaded = session.loadedScenario();
  const [seed, setSeed] = useState(String(useSim.getState().seed));
  const [values, setValues] = useState(() => settingValues(settings, loaded?.protocol.config ?? {}, ui.defaultScenario({ seed: 0, nodes: null }).protocol.config));
  // Null: the system takes no client operations, and the field is not shown.
  const [clientRate, setClientRate] = useState(() => clientRateText(loaded ?? ui.defaultScenario({ seed: 0, nodes: null })));
  const [problem, setProblem] = useState<string | null>(null);
  const seedId = useId();
  const rateId = useId();
  const rateHintId = useId();
  const problemId = useId();

  const start = async () => {
    const nodesParam = new URLSearchParams(location.search).get('nodes');
    const nodes = nodesParam !== null && /^\d+$/.test(nodesParam) ? Math.min(25, Math.max(1, Number(nodesParam))) : null;
    const built = buildNewRun((s) => ui.defaultScenario({ seed: s, nodes }), settings, seed, values, clientRate ?? undefined);
    if ('problem' in built) {
      setProblem(built.problem);
      return;
    }
    setProblem(null);
    closeLesson();
    if (!(await session.open(built.scenario, {}))) return;
    const url = new URL(location.href);
    for (const key of ['lesson', 'step']) url.searchParams.delete(key);
    url.searchParams.set('protocol', ui.name);
    url.searchParams.set('seed', String(built.scenario.seed));
    const fresh = ui.defaultScenario({ seed: built.scenario.seed, nodes });
    const custom =
      JSON.stringify(fresh.protocol.config) !== JSON.stringify(built.scenario.protocol.config) ||
      JSON.stringify(fresh.workload) !== JSON.stringify(built.scenario.workload);
    url.hash = custom ? await encodeScenarioLink(built.scenario, {}) : '';
    history.replaceState(null, '', url.toString());
    session.play();
    onDone();
  };

  return (
    <form
      className="new-run-form"
      onSubmit={(e) => {
        e.preventDefault();
        void start();
      }}
      aria-describedby={problem ? problemId : undefined}
    >
      <div className="new-run-field">
        <label htmlFor={seedId}>Seed</label>
        <input id={seedId} inputMode="numeric" value={seed} onChange={(e) => setSeed(e.target.value)} size={12} />
        <button type="button" onClick={() => setSeed(String(crypto.getRandomValues(new Uint32Array(1))[0]! % (MAX_SEED + 1)))}>
          Random seed
        </button>
      </div>
      <p className="new-run-hint">The same seed and settings give the same run, event for event.</p>
      {settings.length > 0 && (
        <fieldset className="new-run-settings">
          <legend>{ui.title} settings</legend>
          {settings.map((s) => (
            <SettingField key={s.key} setting={s} value={values[s.key]} onChange={(v) => setValues((old) => ({ ...old, [s.key]: v }))} />
          ))}
        </fieldset>
      )}
      {clientRate !== null && (
        <fieldset className="new-run-settings">
          <legend>Workload</legend>
          <div className="new-run-field">
            <label htmlFor={rateId}>Client requests (per second)</label>
            <input id={rateId} inputMode="decimal" value={clientRate} onChange={(e) => setClientRate(e.target.value)} size={8} aria-describedby={rateHintId} />
            <span id={rateHintId} className="new-run-hint">
              0 for none, up to {CLIENT_RATE.max}
            </span>
          </div>
        </fieldset>
      )}
      {problem && (
        <p id={problemId} className="new-run-problem" role="alert">
          {problem}
        </p>
      )}
      <div className="modal-buttons">
        <button type="submit" className="modal-primary">
          Start the run
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function SettingField({ setting, value, onChange }: { setting: SettingUi; value: string | boolean | undefined; onChange: (v: string | boolean) => void }) {
  const id = useId();
  const hintId = useId();
  const hint = setting.hint ? (
    <span id={hintId} className="new-run-hint">
      {setting.hint}
    </span>
  ) : null;
  if (setting.kind === 'boolean') {
    return (
      <div className="new-run-field">
        <input id={id} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} aria-describedby={hint ? hintId : undefined} />
        <label htmlFor={id}>{setting.label}</label>
        {hint}
      </div>
    );
  }
  return (
    <div className="new-run-field">
      <label htmlFor={id}>
        {setting.label} ({setting.unit})
      </label>
      <input id={id} inputMode="decimal" value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)} size={8} aria-describedby={hint ? hintId : undefined} />
      {hint}
    </div>
  );
}
