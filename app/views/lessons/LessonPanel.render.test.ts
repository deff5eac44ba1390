import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../../engine/scenario/lesson';
import { observe, startLesson } from '../../lessons/runner';
import { world } from '../../lessons/test-world';
import { highlightRules, LessonPanel, LessonView, paragraphs, type LessonPhase } from './LessonPanel';

const lesson = parseLesson({
  version: 1,
  id: 'crash',
  title: 'Crash the leader',
  scenario: 'leader-crash.json',
  steps: [
    { text: 'First paragraph.\n\nSecond one, with a\nline break. If term < 3 & S1 > S2, fine.', highlight: [1, 4] },
    { text: 'Now crash the leader.', until: { kind: 'nodeCrashed', who: 'leader' }, waitingFor: 'you to crash the leader' },
    { text: 'Done.' },
  ],
});
const noop = () => undefined;
const render = (phase: LessonPhase, problems: string[] = []) =>
  renderToStaticMarkup(createElement(LessonView, { lesson, phase, problems, onNext: noop, onBack: noop, onExit: noop }));

describe('LessonPanel', () => {
  it('starts by loading the scenario, in a labelled region with an Exit button', () => {
    const session = { load: () => Promise.resolve(), command: noop };
    const html = renderToStaticMarkup(createElement(LessonPanel, { lesson, session, onExit: noop, loadScenario: () => new Promise<never>(() => undefined) }));
    expect(html).toContain('aria-label="Lesson: Crash the leader"');
    expect(html).toContain('Loading the scenario…');
    expect(html).toContain('>Exit lesson</button>');
  });

  it('shows the step as plain text paragraphs, its progress, and highlights its servers', () => {
    const { progress } = startLesson(lesson, world([{ role: 'follower', term: 1 }, { role: 'leader', term: 1 }]));
    const html = render({ kind: 'running', progress });
    expect(html).toContain('Step 1 of 3');
    // A teacher's link to this very step (relative: this page, whatever its path).
    expect(html).toContain('<a class="lesson-step-link" href="?lesson=crash&amp;step=1">Link to this step</a>');
    expect(html).toContain('<p>First paragraph.</p><p>Second one, with a line break. If term &lt; 3 &amp; S1 &gt; S2, fine.</p>');
    expect(html).toMatch(/<button[^>]*class="lesson-back"[^>]*disabled=""/);
    expect(html).toMatch(/<button[^>]*class="lesson-next"[^>]*>Next<span aria-hidden="true"> →<\/span><\/button>/);
    expect(html).not.toMatch(/class="lesson-next"[^>]*disabled/);
    expect(html).toContain('.react-flow__node[data-id="1"] .cv-disc');
    expect(html).toContain('.react-flow__node[data-id="4"] .cv-disc');
  });

  it('disables Next with a hint until the condition holds', () => {
    const led = world([{ role: 'follower', term: 1 }, { role: 'leader', term: 1 }]);
    let progress = startLesson(lesson, led).progress;
    progress = { ...progress, index: 1, entries: [progress.entries[0]!, progress.entries[0]!, null] };
    const waiting = render({ kind: 'running', progress });
    expect(waiting).toContain('Step 2 of 3');
    expect(waiting).toMatch(/class="lesson-next"[^>]*disabled=""/);
    expect(waiting).toContain('<span class="lesson-hint-label">Waiting for:</span> you to crash the leader');
    const met = observe(lesson, progress, world([{ role: 'follower', term: 1 }, null]));
    const ready = render({ kind: 'running', progress: met });
    expect(ready).not.toMatch(/class="lesson-next"[^>]*disabled/);
    expect(ready).not.toContain('Waiting for:');
  });

  it('offers Finish on the last step, and shows problems and load failures as text', () => {
    const { progress } = startLesson(lesson, world([]));
    const last = render({ kind: 'running', progress: { ...progress, index: 2 } }, ['Could not crash the server: there is no leader right now.']);
    expect(last).toContain('>Finish</button>');
    expect(last).toContain('there is no leader right now.');
    const failed = render({ kind: 'failed', message: 'scenarios/x.json: seed: <b>is missing</b>' });
    expect(failed).toContain('role="alert"');
    expect(failed).toContain('&lt;b&gt;is missing&lt;/b&gt;');
  });

  it('offers the next lesson on the last step, once it is done', () => {
    const { progress } = startLesson(lesson, world([]));
    const next = { title: 'Log replication', open: noop };
    const at = (met: boolean) =>
      renderToStaticMarkup(
        createElement(LessonView, { lesson, phase: { kind: 'running', progress: { ...progress, index: 2, met: [true, true, met] } }, problems: [], onNext: noop, onBack: noop, onExit: noop, nextLesson: next }),
      );
    expect(at(true)).toMatch(/<button[^>]*>Next lesson: Log replication<span aria-hidden="true"> →<\/span><\/button>/);
    expect(at(false)).not.toContain('Next lesson');
  });

  it('says when the learner is off track, with the way back, and holds Next while the step has not begun', () => {
    const { progress } = startLesson(lesson, world([]));
    const at = (offTrack: Parameters<typeof LessonView>[0]['offTrack']) =>
      renderToStaticMarkup(createElement(LessonView, { lesson, phase: { kind: 'running', progress }, problems: [], onNext: noop, onBack: noop, onExit: noop, offTrack, now: 50_000 }));
    const before = at({ kind: 'before', momentUs: 120_000 });
    expect(before).toContain('You are at t = 50 ms, before this step begins (t = 120 ms): what it describes has not happened yet.');
    expect(before).toContain('>Go to t = 120 ms</button>');
    expect(before).toContain('lesson-text lesson-text-stale');
    expect(before).toMatch(/<button[^>]*class="lesson-next"[^>]*disabled=""/);
    const undone = at({ kind: 'undone', momentUs: 120_000, premise: 'crash the leader (S2)', premiseStep: 1 });
    expect(undone).toContain('This step goes on from step 2 (crash the leader (S2)), and that no longer holds in');
    expect(undone).toContain('>Back to step 2</button>');
    expect(undone).not.toMatch(/<button[^>]*class="lesson-next"[^>]*disabled=""/);
    expect(at(null)).not.toContain('Off track');
  });

  it('splits paragraphs and makes only integer selectors', () => {
    expect(paragraphs(' a\nb \n\n\n c ')).toEqual(['a b', 'c']);
    expect(highlightRules([])).toBe('');
    expect(highlightRules([1.5, -1, 200, 3])).toBe(
      '.react-flow__node[data-id="3"] .cv-disc {\n  box-shadow: 0 0 0 7px #ffffff, 0 0 0 14px var(--lesson-highlight, #f0e442), 0 0 0 16px #000000;\n}',
    );
  });
});
