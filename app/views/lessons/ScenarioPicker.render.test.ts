import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ScenarioPicker } from './ScenarioPicker';

describe('ScenarioPicker', () => {
  it('is one closed button until clicked', () => {
    const html = renderToStaticMarkup(createElement(ScenarioPicker, { onOpenScenario: () => undefined, onOpenLesson: () => undefined }));
    expect(html).toMatch(/^<div class="picker"><button[^>]*aria-haspopup="dialog" aria-expanded="false"[^>]*>Scenarios &amp; lessons<\/button><\/div>$/);
  });

  it('can be disabled', () => {
    const html = renderToStaticMarkup(createElement(ScenarioPicker, { onOpenScenario: () => undefined, onOpenLesson: () => undefined, disabled: true }));
    expect(html).toContain('disabled=""');
  });
});
