import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { prerenderToNodeStream } from 'react-dom/static';
import { describe, expect, it } from 'vitest';
import { lazyView } from './lazy-view';

/** The markup once every suspended part has settled (what the page shows after loading). */
async function settled(element: ReactElement): Promise<string> {
  const { prelude } = await prerenderToNodeStream(element);
  let html = '';
  for await (const chunk of prelude) html += String(chunk);
  return html;
}

function Panel({ word }: { word: string }) {
  return createElement('p', null, `panel ${word}`);
}

describe('lazyView', () => {
  it('shows its fallback until the module is there, then the view with its props', async () => {
    const View = lazyView(() => Promise.resolve(Panel), createElement('p', null, 'loading'));
    expect(renderToStaticMarkup(createElement(View, { word: 'one' }))).toBe('<p>loading</p>');
    expect(await settled(createElement(View, { word: 'two' }))).toContain('<p>panel two</p>');
  });

  it('renders at once, with no fallback, once preloaded', async () => {
    let loads = 0;
    const View = lazyView(() => {
      loads++;
      return Promise.resolve(Panel);
    }, createElement('p', null, 'loading'));
    await View.preload();
    expect(renderToStaticMarkup(createElement(View, { word: 'ready' }))).toBe('<p>panel ready</p>');
    await View.preload();
    expect(loads).toBe(1);
  });

  it('says in place that it could not load, with a button to try again, never throwing', async () => {
    const View = lazyView<{ word: string }>(() => Promise.reject(new Error('offline')));
    const html = await settled(createElement(View, { word: 'x' }));
    expect(html).toContain('role="alert"');
    expect(html.replace(/<!-- -->/g, '')).toContain('could not load (offline)');
    expect(html).toContain('Try again');
  });

  it('leaves a failed fetch ahead to the first use, which tries again', async () => {
    let fail = true;
    const View = lazyView(() => (fail ? Promise.reject(new Error('offline')) : Promise.resolve(Panel)));
    await View.preload();
    fail = false;
    expect(await settled(createElement(View, { word: 'back' }))).toContain('<p>panel back</p>');
  });
});
