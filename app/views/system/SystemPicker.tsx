import { useId } from 'react';
import { closeLesson } from '../../lessons/active-lesson';
import { protocolUi, protocolUis } from '../../protocols/registry';
import { useSession } from '../../session/session-context';
import { useSim } from '../../store/store';
import './system.css';

/**
 * Which system runs, and the way to another: a labelled select of every protocol in the
 * registry. Picking one starts a fresh run of its default scenario (a new seed) and writes
 * `?protocol=NAME` into the address, so a reload or a copied address opens that system again.
 */
export function SystemPicker() {
  const session = useSession();
  const id = useId();
  const running = useSim((s) => s.protocol);
  const ready = useSim((s) => s.ready);
  const known = protocolUis();
  // A shared link may run a protocol without a view of its own: it is named too.
  const choices = known.some((ui) => ui.name === running) ? known : [...known, protocolUi(running)];

  const pick = async (name: string) => {
    if (name === useSim.getState().protocol) return;
    closeLesson();
    const seed = crypto.getRandomValues(new Uint32Array(1))[0]!;
    if (await session.open(protocolUi(name).defaultScenario({ seed, nodes: null }), {})) {
      history.replaceState(null, '', systemUrl(location.href, name));
      session.play();
    }
  };

  return (
    <label className="system-picker" htmlFor={id}>
      <span className="visually-hidden">System </span>
      <select id={id} value={running} disabled={!ready} onChange={(e) => void pick(e.target.value)} title="Switch to another system (a fresh run)">
        {choices.map((ui) => (
          <option key={ui.name} value={ui.name}>
            {ui.title}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * The page's address for a fresh run of `protocol`: `?protocol=NAME`, without what described
 * the old run (a shared scenario in the fragment, its seed and size, a lesson).
 */
export function systemUrl(href: string, protocol: string): string {
  const url = new URL(href);
  for (const key of ['seed', 'nodes', 'lesson', 'step']) url.searchParams.delete(key);
  url.searchParams.set('protocol', protocol);
  url.hash = '';
  return url.toString();
}
