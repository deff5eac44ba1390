import { usePresenterMode } from './usePresenterMode';

/** The header's "Presenter" button: large type, high contrast and full screen, for class. */
export function PresenterToggle() {
  const { active, fullscreenRefused, toggle } = usePresenterMode();
  return (
    <button
      type="button"
      className="presenter-toggle"
      aria-pressed={active}
      onClick={toggle}
      title={
        active
          ? fullscreenRefused
            ? 'Presenter mode (the browser refused full screen). Click to leave.'
            : 'Leave presenter mode (or press Esc)'
          : 'Large type, high contrast, full screen. PageDown / PageUp step a lesson.'
      }
    >
      Presenter mode
    </button>
  );
}
