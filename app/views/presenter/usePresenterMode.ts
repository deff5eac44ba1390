import { useSyncExternalStore } from 'react';
import { enterPresenter, exitPresenter, getPresenter, subscribePresenter, togglePresenter, type PresenterSnapshot } from './presenter-state';
import './presenter.css';

const OFF: PresenterSnapshot = { active: false, fullscreenRefused: false };

/**
 * Presenter mode for teaching from a projector: `html.presenter` turns on large type and high
 * contrast (presenter.css), and the page goes full screen if the browser lets it. Every
 * component that calls this hook sees the same state.
 */
export function usePresenterMode() {
  const state = useSyncExternalStore(subscribePresenter, getPresenter, () => OFF);
  return { ...state, enter: enterPresenter, exit: exitPresenter, toggle: togglePresenter };
}
