import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../engine/kernel/trace';
import { InProcessRunner } from '../../../engine/runner/inprocess';
import { defaultScenario } from '../../../engine/scenario/schema';
import { useSim } from '../../store/store';
import { EventLog } from './EventLog';

const initial = useSim.getState();
afterEach(() => useSim.setState(initial, true));

const action = (at: number, seq: number, act: Record<string, unknown>) =>
  ({ kind: 'action', at, node: -1, incarnation: 0, seq, action: act }) as TraceEvent;

describe('EventLog', () => {
  it('shows sentences up to now with their time, as text and never as HTML', () => {
    const trace = [
      action(1_234_000, 1, { kind: 'cut', from: 0, to: 2, oneWay: true }),
      action(1_500_000, 2, { kind: '<img src=x onerror=alert(1)>' }),
      action(9_000_000, 3, { kind: 'heal' }),
    ];
    useSim.setState({ trace, now: 2_000_000 });
    const html = renderToStaticMarkup(createElement(EventLog));
    expect(html).toContain('1.234 s');
    expect(html).toContain('Network: S1 ⇸ S3 cut one way');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // After `now`: not yet.
    expect(html).not.toContain('healed');
    // One tab stop: the newest line.
    expect(html.match(/tabindex="0"/g)).toHaveLength(1);
  });

  it('has a hint when nothing happened yet', () => {
    useSim.setState({ trace: [], now: 0 });
    expect(renderToStaticMarkup(createElement(EventLog))).toContain('Nothing yet');
  });

  it('says "nothing important" rather than "nothing yet" once the run has gone on with routine events only', () => {
    useSim.setState({ trace: [], now: 3_000_000 });
    expect(renderToStaticMarkup(createElement(EventLog))).toContain('Nothing important yet: &quot;All&quot; shows every message.');
  });

  it('says it is reading rather than "nothing" while a big trace (a link opened late) is narrated in slices', () => {
    const trace: TraceEvent[] = [];
    new InProcessRunner(defaultScenario({ protocol: 'raft', nodes: 5, seed: 1 }), { sink: (e) => trace.push(e) }).runUntil(3_000_000);
    expect(trace.length).toBeGreaterThan(2_000);
    useSim.setState({ protocol: 'raft', trace, now: 3_000_000 });
    const html = renderToStaticMarkup(createElement(EventLog));
    expect(html).toContain('Reading the events…');
    expect(html).not.toContain('Nothing');
  });
});
