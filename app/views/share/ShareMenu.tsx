import { useEffect, useId, useRef, useState } from 'react';
import { formatMicros } from '../../../engine/kernel/time';
import type { Scenario } from '../../../engine/scenario/schema';
import { copyToClipboard, downloadScenarioFile, errorMessage, makeShareUrl, openScenarioFile, type ScenarioView } from '../../session/share';
import { useSim } from '../../store/store';
import './share.css';

export interface ShareMenuProps {
  /** The scenario as it runs now: its settings with today's timeline (every action so far). */
  getScenario: () => Promise<Scenario>;
  /** A file that passed every check; the caller loads it (the current run is untouched until then). */
  onOpen: (scenario: Scenario, view: ScenarioView) => void;
  /** One line for the user (the caller shows it, e.g. as the page's notice). */
  onError: (message: string) => void;
  /** Where the viewer is; the store's `now` by default. */
  getView?: () => ScenarioView;
  disabled?: boolean;
}

const COPIED_FOR_MS = 4000;

/**
 * Share link / Save file / Open file…: the scenario travels as a link (in the URL's fragment,
 * which never reaches a server) or as a JSON file. The link is also shown in a read-only field,
 * for browsers that refuse the clipboard. Opened files are checked before `onOpen` sees them.
 */
export function ShareMenu({ getScenario, onOpen, onError, getView, disabled = false }: ShareMenuProps) {
  const ready = useSim((s) => s.ready);
  const [busy, setBusy] = useState(false);
  const [link, setLink] = useState<{ url: string; atUs: number | undefined; copied: boolean } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const linkField = useRef<HTMLInputElement>(null);
  const fieldId = useId();
  const off = disabled || !ready || busy;

  useEffect(() => {
    if (!link?.copied) return;
    const timer = setTimeout(() => setLink((l) => (l ? { ...l, copied: false } : l)), COPIED_FOR_MS);
    return () => clearTimeout(timer);
  }, [link?.copied, link?.url]);

  useEffect(() => {
    if (link && !link.copied) linkField.current?.select();
  }, [link]);

  const view = (): ScenarioView => getView?.() ?? { atUs: useSim.getState().now };

  async function work(what: string, task: () => Promise<void>) {
    setBusy(true);
    try {
      await task();
    } catch (error) {
      onError(`${what}: ${errorMessage(error)}`);
    } finally {
      setBusy(false);
    }
  }

  const share = () =>
    work('Cannot make a link', async () => {
      const { atUs } = view();
      const url = await makeShareUrl(await getScenario(), atUs, window.location);
      const copied = await copyToClipboard(url);
      setLink({ url, atUs, copied });
    });

  const save = () =>
    work('Cannot save the scenario', async () => {
      downloadScenarioFile(await getScenario(), view());
    });

  const open = (file: File | undefined) =>
    work('Cannot open the file', async () => {
      if (!file) return;
      const { scenario, view: opened } = await openScenarioFile(file);
      setLink(null);
      onOpen(scenario, opened);
    });

  return (
    <div className="share-menu" role="group" aria-label="Share this scenario">
      <div className="share-buttons">
        <button onClick={share} disabled={off} title="Copy a link that opens this run at this moment">
          Share link
        </button>
        <button onClick={save} disabled={off} title="Download the scenario as a JSON file">
          Save file
        </button>
        <button onClick={() => fileInput.current?.click()} disabled={off} title="Open a scenario file saved before">
          Open file…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          className="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            // Cleared so that picking the same file again fires a change.
            e.currentTarget.value = '';
            void open(file);
          }}
        />
      </div>
      {link && (
        <div className="share-link">
          <label htmlFor={fieldId}>
            {link.atUs === undefined ? 'Link to this run' : `Link to this run at ${formatMicros(link.atUs)}`}
          </label>
          <div className="share-link-row">
            <input id={fieldId} ref={linkField} type="text" readOnly value={link.url} onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
            <button onClick={() => setLink(null)} aria-label="Close the link">
              ✕
            </button>
          </div>
          <p className={link.copied ? 'share-status share-status-ok' : 'share-status'} role="status" aria-live="polite">
            {link.copied ? '✓ Copied to the clipboard' : 'Copy the link above (the browser did not allow copying)'}
          </p>
        </div>
      )}
    </div>
  );
}
