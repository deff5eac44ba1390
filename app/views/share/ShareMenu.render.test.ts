import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { useSim } from '../../store/store';
import { ShareMenu } from './ShareMenu';

const initial = useSim.getState();
afterEach(() => useSim.setState(initial, true));

const props = { getScenario: () => Promise.reject(new Error('unused')), onOpen: () => undefined, onError: () => undefined };

describe('ShareMenu', () => {
  it('offers a link, a file to save and a file to open, as one labelled group', () => {
    const html = renderToStaticMarkup(createElement(ShareMenu, props));
    expect(html).toContain('role="group" aria-label="Share this scenario"');
    for (const label of ['Share link', 'Save file', 'Open file…']) expect(html).toContain(`>${label}</button>`);
    expect(html).toContain('type="file"');
    expect(html).toContain('accept=".json,application/json"');
    // No link yet: the field appears once a link is made.
    expect(html).not.toContain('readOnly');
    expect(html).not.toContain('readonly');
  });

  it('is disabled until the first run is loaded', () => {
    // Rendered on the "server", the store is in its initial state: nothing loaded yet.
    const html = renderToStaticMarkup(createElement(ShareMenu, props));
    expect(html.match(/disabled=""/g)).toHaveLength(3);
  });
});
