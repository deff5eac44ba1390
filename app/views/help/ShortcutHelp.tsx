import { SHORTCUTS } from '../../session/keyboard';
import { useSim } from '../../store/store';
import { ModalDialog } from '../dialog/ModalDialog';
import './help.css';

/** The keyboard shortcuts, opened with `?` (app/session/keyboard.ts); Escape or × closes it. */
export function ShortcutHelp() {
  const open = useSim((s) => s.shortcutsOpen);
  const close = () => useSim.setState({ shortcutsOpen: false });
  return (
    <ModalDialog open={open} title="Keyboard shortcuts" onClose={close}>
      <table className="help-keys">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys.join('+')}>
              <th scope="row">
                {s.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 ? ' + ' : ''}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </th>
              <td>{s.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="help-note">Keys typed into a field or a list belong to it.</p>
    </ModalDialog>
  );
}
