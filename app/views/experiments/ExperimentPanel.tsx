import { downloadText } from '../../lib/download';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { builtinExperiment } from '../../../engine/experiments/builtins';
import { runsCsv, summaryCsv } from '../../../engine/experiments/csv';
import { measureInfo } from '../../../engine/experiments/measures';
import { runCount, seedCount, type ExperimentSpec } from '../../../engine/experiments/spec';
import type { Scenario } from '../../../engine/scenario/schema';
import { defaultPageWorkers, runExperimentInPage } from '../../../workers/experiments/browser-pool';
import type { PoolOptions, PoolResult, Progress } from '../../../workers/experiments/pool';
import { CdfPlot } from './CdfPlot';
import {
  buildSpec,
  choicesFor,
  clampSeeds,
  csvFileName,
  formatValue,
  MAX_SEEDS_IN_PAGE,
  MIN_SEEDS,
  SCENARIO_CHOICE,
  scenarioMeasuresFor,
  type ExperimentChoice,
  type ScenarioMeasure,
} from './model';
import { StatsTable } from './StatsTable';
import { useSim } from '../../store/store';
import './experiments.css';

export interface ExperimentPanelProps {
  /** The scenario as it runs in the page (for "this scenario"). */
  currentScenario: () => Promise<Scenario>;
  /** Close the panel (the caller unmounts it; a running experiment is cancelled). */
  onClose: () => void;
  /** Runs an experiment; the page's Web Worker pool by default. */
  run?: (spec: ExperimentSpec, options: PoolOptions) => Promise<PoolResult>;
  /** Seed count to start with. */
  initialSeeds?: number;
  /** The running system: the panel offers its built-in experiments and its measures of "this scenario". */
  protocol?: string;
}

type Phase =
  | { kind: 'idle' }
  | { kind: 'running'; spec: ExperimentSpec; progress: Progress }
  | { kind: 'done'; result: PoolResult }
  | { kind: 'error'; message: string }
  | { kind: 'cancelled'; done: number; total: number };

/** Progress redraws at most this often; the last run always redraws. */
const PROGRESS_MS = 80;

function download(name: string, text: string): void {
  downloadText(name, text, 'text/csv;charset=utf-8');
}

/**
 * Batch experiments: many seeds of a built-in experiment (the Raft paper's Figure 16 and its
 * kin) or of the page's own scenario, run in parallel on a pool of Web Workers (each runs whole
 * runs in process), then the CDF, the statistics and CSV.
 * Opens as a modal dialog; Escape or Close closes it and cancels a run in progress.
 */
export function ExperimentPanel({ currentScenario, onClose, run = runExperimentInPage, initialSeeds = 100, protocol: given }: ExperimentPanelProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const controller = useRef<AbortController | null>(null);
  const titleId = useId();
  const running_ = useSim((s) => s.protocol);
  const protocol = given ?? running_;
  const choices = useMemo(() => choicesFor(protocol), [protocol]);
  const measures = useMemo(() => scenarioMeasuresFor(protocol), [protocol]);
  const [choice, setChoice] = useState<ExperimentChoice>(() => choices[0]!.value);
  const [measure, setMeasure] = useState<ScenarioMeasure>(() => measures[0]!.id);
  // A built-in experiment with fewer seeds than the default (long runs, or runs every seed gives alike) starts with its own count.
  const suggestedSeeds = (c: ExperimentChoice) => (c === SCENARIO_CHOICE ? initialSeeds : Math.min(initialSeeds, seedCount(builtinExperiment(c))));
  const [seedText, setSeedText] = useState(() => String(suggestedSeeds(choices[0]!.value)));
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [plotted, setPlotted] = useState(0);
  const [scale, setScale] = useState<'log' | 'linear'>('log');
  const seeds = clampSeeds(Number(seedText));
  const running = phase.kind === 'running';

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open && typeof d.showModal === 'function') d.showModal();
    // Escape: close the panel (the caller unmounts it), never just hide the dialog.
    const onCancel = (event: Event) => {
      event.preventDefault();
      onClose();
    };
    d?.addEventListener('cancel', onCancel);
    return () => d?.removeEventListener('cancel', onCancel);
  }, [onClose]);

  // Closing the panel cancels a run in progress: its workers are terminated.
  useEffect(() => () => controller.current?.abort(), []);

  const { blurb, variants } = useMemo(() => {
    if (choice === SCENARIO_CHOICE) {
      return {
        blurb: 'The run as it stands in the page (its settings and every action so far), once per seed: seeds 1, 2, 3 … Each run stops once it has its value.',
        variants: 1,
      };
    }
    const spec = builtinExperiment(choice);
    return { blurb: spec.description, variants: spec.variants.length };
  }, [choice]);

  async function start(event: FormEvent) {
    event.preventDefault();
    if (running) return;
    let spec: ExperimentSpec;
    try {
      spec = buildSpec(choice, seeds, choice === SCENARIO_CHOICE ? await currentScenario() : null, measure);
    } catch (error) {
      setPhase({ kind: 'error', message: `This experiment cannot run: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    const abort = new AbortController();
    controller.current = abort;
    const total = runCount(spec);
    let last = 0;
    setPhase({ kind: 'running', spec, progress: { done: 0, total, workers: defaultPageWorkers(), failures: 0 } });
    try {
      const result = await run(spec, {
        signal: abort.signal,
        onProgress: (progress) => {
          const now = performance.now();
          if (progress.done < progress.total && now - last < PROGRESS_MS) return;
          last = now;
          setPhase((p) => (p.kind === 'running' && p.spec === spec ? { ...p, progress } : p));
        },
      });
      if (abort.signal.aborted) return;
      const values = result.variants.flatMap((v) => v.measures[0]?.cdf.map((pt) => pt.x) ?? []).filter((x) => x > 0);
      const spread = values.length > 0 ? Math.max(...values) / Math.min(...values) : 1;
      setScale(measureInfo(spec.measures[0]!).unit === 'ms' && spread > 20 ? 'log' : 'linear');
      setPlotted(0);
      setPhase({ kind: 'done', result });
    } catch (error) {
      if (abort.signal.aborted) return;
      setPhase({ kind: 'error', message: `The experiment failed: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      if (controller.current === abort) controller.current = null;
    }
  }

  function cancel() {
    if (phase.kind !== 'running') return;
    controller.current?.abort();
    controller.current = null;
    setPhase({ kind: 'cancelled', done: phase.progress.done, total: phase.progress.total });
  }

  return (
    // Keys typed here belong to the panel, not to the simulation's shortcuts behind it.
    <dialog ref={dialog} className="experiments" aria-labelledby={titleId} onKeyDown={(e) => e.key !== 'Escape' && e.stopPropagation()}>
      <div className="experiments-head">
        <h2 id={titleId}>Experiments</h2>
        <button type="button" className="experiments-button" onClick={onClose}>
          Close
        </button>
      </div>

      <form className="experiments-form" onSubmit={(e) => void start(e)}>
        <fieldset disabled={running}>
          <legend className="visually-hidden">What to run</legend>
          <div className="experiments-field experiments-wide">
            <label htmlFor={`${titleId}-choice`}>Experiment</label>
            <select
              id={`${titleId}-choice`}
              value={choice}
              onChange={(e) => {
                const next = e.target.value as ExperimentChoice;
                setChoice(next);
                setSeedText(String(suggestedSeeds(next)));
              }}
            >
              {choices.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          </div>
          {choice === SCENARIO_CHOICE && (
            <div className="experiments-field experiments-wide">
              <label htmlFor={`${titleId}-measure`}>Measure</label>
              <select id={`${titleId}-measure`} value={measure} onChange={(e) => setMeasure(e.target.value as ScenarioMeasure)}>
                {measures.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.label}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div className="experiments-field">
            <label htmlFor={`${titleId}-seeds`}>Seeds per variant</label>
            <input
              id={`${titleId}-seeds`}
              type="number"
              inputMode="numeric"
              min={MIN_SEEDS}
              max={MAX_SEEDS_IN_PAGE}
              step={1}
              value={seedText}
              onChange={(e) => setSeedText(e.target.value)}
            />
          </div>
          <button type="submit" className="experiments-button experiments-primary">
            Run {(seeds * variants).toLocaleString('en-US')} runs
          </button>
        </fieldset>
        {/* With results on screen, the plot gets the room; the note under it explains the measure. */}
        {phase.kind !== 'done' && <p className="experiments-blurb">{blurb}</p>}
      </form>

      {phase.kind === 'running' && (
        <div className="experiments-progress">
          <div
            className="experiments-bar"
            role="progressbar"
            aria-label="Experiment progress"
            aria-valuemin={0}
            aria-valuemax={phase.progress.total}
            aria-valuenow={phase.progress.done}
            aria-valuetext={`${phase.progress.done} of ${phase.progress.total} runs`}
          >
            <div className="experiments-bar-fill" style={{ width: `${(100 * phase.progress.done) / Math.max(1, phase.progress.total)}%` }} />
          </div>
          <p className="experiments-count">
            {phase.progress.done.toLocaleString('en-US')} of {phase.progress.total.toLocaleString('en-US')} runs · {phase.progress.workers} Web Workers
          </p>
          <button type="button" className="experiments-button" onClick={cancel}>
            Cancel
          </button>
        </div>
      )}
      {phase.kind === 'cancelled' && (
        <p className="experiments-note" role="status">
          Cancelled after {phase.done.toLocaleString('en-US')} of {phase.total.toLocaleString('en-US')} runs.
        </p>
      )}
      {phase.kind === 'error' && (
        <p className="experiments-error" role="alert">
          {phase.message}
        </p>
      )}
      {phase.kind === 'done' && <Results result={phase.result} plotted={plotted} setPlotted={setPlotted} scale={scale} setScale={setScale} />}
    </dialog>
  );
}

function Results({
  result,
  plotted,
  setPlotted,
  scale,
  setScale,
}: {
  result: PoolResult;
  plotted: number;
  setPlotted: (i: number) => void;
  scale: 'log' | 'linear';
  setScale: (s: 'log' | 'linear') => void;
}) {
  const { spec } = result;
  const plotId = useId();
  const section = useRef<HTMLElement>(null);
  // New results scroll to the top of the dialog: the plot gets the screen (a projector's 720 lines too).
  useEffect(() => {
    section.current?.scrollIntoView?.({ block: 'start' });
  }, [result]);
  const name = spec.measures[plotted] ?? spec.measures[0]!;
  const m = spec.measures.indexOf(name);
  const info = measureInfo(name);
  const step = spec.steps[0];
  const limit = step?.limitMs ? `within ${formatValue(step.limitMs, 'ms')} of the crash` : `by ${formatValue(spec.scenario.untilUs / 1000, 'ms')} of virtual time`;
  const missing = result.variants.reduce((sum, v) => sum + v.measures[m]!.stats.missing, 0);
  const description = result.variants
    .map((v) => `${v.variant}: median ${formatValue(v.measures[m]!.stats.median, info.unit)}, 99th percentile ${formatValue(v.measures[m]!.stats.p99, info.unit)}`)
    .join('; ');

  return (
    <section ref={section} className="experiments-results" aria-label="Results">
      <h3>{spec.title}</h3>
      <div className="experiments-toolbar">
        {spec.measures.length > 1 && (
          <div className="experiments-field">
            <label htmlFor={`${plotId}-plot`}>Plot</label>
            <select id={`${plotId}-plot`} value={m} onChange={(e) => setPlotted(Number(e.target.value))}>
              {spec.measures.map((n, i) => (
                <option key={n} value={i}>
                  {measureInfo(n).label}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="experiments-scale" role="radiogroup" aria-label="x axis">
          <span aria-hidden="true">x axis</span>
          {(['log', 'linear'] as const).map((s) => (
            <label key={s} className={scale === s ? 'is-on' : undefined}>
              <input type="radio" name="experiments-scale" value={s} checked={scale === s} onChange={() => setScale(s)} />
              {s === 'log' ? 'log' : 'linear'}
            </label>
          ))}
        </div>
        <div className="experiments-downloads">
          <button type="button" className="experiments-button" onClick={() => download(csvFileName(spec, 'runs'), runsCsv(result))}>
            Download CSV
          </button>
          <button type="button" className="experiments-button" onClick={() => download(csvFileName(spec, 'summary'), summaryCsv(result))}>
            Summary CSV
          </button>
        </div>
      </div>
      <CdfPlot
        series={result.variants.map((v) => ({ name: v.variant, cdf: v.measures[m]!.cdf, missing: v.measures[m]!.stats.missing }))}
        xLabel={info.axis}
        scale={scale}
        description={description}
      />
      <StatsTable
        rows={result.variants.map((v) => ({ name: v.variant, stats: v.measures[m]!.stats }))}
        unit={info.unit}
        caption={`${info.label} (${info.unit === 'ms' ? 'virtual time' : info.unit}), ${result.spec.seeds.to - result.spec.seeds.from + 1} seeds per variant`}
      />
      <p className="experiments-note">
        {info.explain} {result.trials.length.toLocaleString('en-US')} runs on {result.workers} Web Workers in {(result.wallMs / 1000).toFixed(1)} s.
        {missing > 0 &&
          ` ${missing.toLocaleString('en-US')} runs had no value ${limit}: they count in every percentage, so their lines end below 100% and "—" marks statistics they leave unknown.`}
      </p>
      {result.failures.length > 0 && (
        <p className="experiments-error" role="alert">
          {result.failures.length} runs violated an invariant (first: {result.failures[0]!.variant}, seed {result.failures[0]!.seed}: {result.failures[0]!.violations[0]}).
        </p>
      )}
    </section>
  );
}
