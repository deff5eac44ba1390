import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { CatalogEntry, Lesson } from '../../../engine/scenario/lesson';
import type { Scenario } from '../../../engine/scenario/schema';
import { fetchCatalogs, fetchLesson, fetchScenario, type Catalogs, type Fetcher } from '../../lessons/catalog';
import './ScenarioPicker.css';

export interface ScenarioPickerProps {
  /** A built-in scenario, fetched and validated; the caller loads it (e.g. `session.load`, then play). */
  onOpenScenario: (scenario: Scenario, entry: CatalogEntry) => void;
  /** A lesson, fetched and validated; the caller shows a LessonPanel for it. */
  onOpenLesson: (lesson: Lesson, entry: CatalogEntry) => void;
  /** For tests; the browser's fetch otherwise (URLs relative to the page). */
  fetcher?: Fetcher;
  disabled?: boolean;
}

type Listing = { kind: 'idle' } | { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'ready'; catalogs: Catalogs };

/**
 * "Scenarios & lessons": a button that opens a panel listing the built-in lessons and
 * scenarios, fetched at run time from ./lessons/index.json and ./scenarios/index.json. Picking
 * one fetches and checks its file before handing it over; any failure is shown as a sentence
 * in the panel, never as a blank page.
 */
export function ScenarioPicker({ onOpenScenario, onOpenLesson, fetcher, disabled = false }: ScenarioPickerProps) {
  const [open, setOpen] = useState(false);
  const [listing, setListing] = useState<Listing>({ kind: 'idle' });
  const [opening, setOpening] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const panelId = useId();
  const headingId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  const load = useCallback(() => {
    setListing({ kind: 'loading' });
    fetchCatalogs(fetcher).then(
      (catalogs) => setListing({ kind: 'ready', catalogs }),
      (e: unknown) => setListing({ kind: 'failed', message: e instanceof Error ? e.message : String(e) }),
    );
  }, [fetcher]);

  const close = useCallback((refocus = true) => {
    setOpen(false);
    setError(null);
    if (refocus) button.current?.focus();
  }, []);

  // Fetch the list on opening, and again on a later opening after a failure. A failure stays on
  // screen meanwhile: "Try again" retries in place.
  const listingKind = useRef(listing.kind);
  listingKind.current = listing.kind;
  useEffect(() => {
    if (open && (listingKind.current === 'idle' || listingKind.current === 'failed')) load();
  }, [open, load]);

  // Esc closes; a click outside closes.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        close();
      }
    };
    const onPointer = (e: PointerEvent) => {
      const target = e.target as Node | null;
      if (target && !panel.current?.contains(target) && !button.current?.contains(target)) close(false);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onPointer);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onPointer);
    };
  }, [open, close]);

  useEffect(() => {
    if (open) panel.current?.focus();
  }, [open]);

  async function pick(kind: 'lesson' | 'scenario', entry: CatalogEntry) {
    setOpening(`${kind}:${entry.id}`);
    setError(null);
    try {
      if (kind === 'lesson') {
        const lesson = await fetchLesson(entry.file, fetcher);
        close(false);
        onOpenLesson(lesson, entry);
      } else {
        const scenario = await fetchScenario(entry.file, fetcher);
        close(false);
        onOpenScenario(scenario, entry);
      }
    } catch (e) {
      setError(`Cannot open "${entry.title}": ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setOpening(null);
    }
  }

  return (
    <div className="picker">
      <button
        ref={button}
        type="button"
        className="picker-button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => (open ? close() : setOpen(true))}
        disabled={disabled}
      >
        Scenarios &amp; lessons
      </button>
      {open && (
        <div ref={panel} id={panelId} className="picker-panel" role="dialog" aria-labelledby={headingId} tabIndex={-1}>
          <div className="picker-top">
            <h2 id={headingId} className="picker-heading">
              Scenarios and lessons
            </h2>
            <button type="button" className="picker-close" onClick={() => close()} aria-label="Close">
              ×
            </button>
          </div>
          {listing.kind === 'loading' || listing.kind === 'idle' ? <p className="picker-muted">Loading the list…</p> : null}
          {listing.kind === 'failed' && (
            <div className="picker-error" role="alert">
              <p>The list of built-in scenarios and lessons could not be loaded. {listing.message}</p>
              <button type="button" onClick={load}>
                Try again
              </button>
            </div>
          )}
          {error && (
            <p className="picker-error" role="alert">
              {error}
            </p>
          )}
          {listing.kind === 'ready' && (
            <>
              <Section title="Lessons" hint="Guided, step by step" entries={listing.catalogs.lessons} kind="lesson" opening={opening} onPick={pick} />
              <Section title="Scenarios" hint="Load and watch; the run replays exactly" entries={listing.catalogs.scenarios} kind="scenario" opening={opening} onPick={pick} />
            </>
          )}
        </div>
      )}
    </div>
  );
}

function Section(props: {
  title: string;
  hint: string;
  entries: CatalogEntry[];
  kind: 'lesson' | 'scenario';
  opening: string | null;
  onPick: (kind: 'lesson' | 'scenario', entry: CatalogEntry) => void;
}) {
  const id = useId();
  return (
    <section className="picker-section" aria-labelledby={id}>
      <h3 id={id} className="picker-section-title">
        {props.title} <span className="picker-muted">{props.hint}</span>
      </h3>
      {props.entries.length === 0 ? (
        <p className="picker-muted">None yet.</p>
      ) : (
        <ul className="picker-list">
          {props.entries.map((entry) => {
            const busy = props.opening === `${props.kind}:${entry.id}`;
            return (
              <li key={entry.id}>
                <button
                  type="button"
                  className="picker-item"
                  onClick={() => props.onPick(props.kind, entry)}
                  disabled={props.opening !== null}
                  aria-describedby={`${id}-${entry.id}`}
                >
                  <span className="picker-item-title">{entry.title}</span>
                  {busy && <span className="picker-muted"> opening…</span>}
                </button>
                <p id={`${id}-${entry.id}`} className="picker-item-summary">
                  {entry.summary}
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
