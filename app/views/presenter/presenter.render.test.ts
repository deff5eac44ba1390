import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { getPresenter } from './presenter-state';
import { PresenterToggle } from './PresenterToggle';

describe('presenter mode', () => {
  it('renders an unpressed toggle with a constant name', () => {
    const html = renderToStaticMarkup(createElement(PresenterToggle));
    expect(html).toMatch(/<button type="button" class="presenter-toggle" aria-pressed="false" title="[^"]*PageDown[^"]*">Presenter mode<\/button>/);
  });

  it('starts off, and does nothing without a document', () => {
    expect(getPresenter()).toEqual({ active: false, fullscreenRefused: false });
  });
});
