import { ModalDialog } from '../../components/ModalDialog';
import { useStores } from '../../stores/StoresContext';
import { isMacPlatform, SHORTCUTS, shortcutText } from './shortcuts';
import { TableHead } from '../../components/TableHead';

/** Ctrl/Cmd+/: every shortcut of the window, and the promise that none of them types into a field. */
export function ShortcutsSheet() {
  const { shell } = useStores();
  const mac = isMacPlatform(navigator.platform);
  const close = () => shell.getState().closeShortcuts();
  return (
    <ModalDialog title="Keyboard shortcuts" onClose={close} className="shortcuts-sheet">
      <table className="shortcuts-table">
        <caption className="field-hint">They work anywhere in the open vault, also while you type in a note.</caption>
        <TableHead columns={['Keys', 'What it does']} />
        <tbody>
          {SHORTCUTS.map((shortcut) => (
            <tr key={shortcut.command}>
              <td>
                <kbd>{shortcutText(shortcut, mac)}</kbd>
              </td>
              <td>{shortcut.description}</td>
            </tr>
          ))}
          <tr>
            <td>
              <kbd>Esc</kbd>
            </td>
            <td>Close a dialog or the client finder</td>
          </tr>
        </tbody>
      </table>
      <div className="dialog-actions">
        <button type="button" className="button button-primary" onClick={close}>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}
