import { memo, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { dispatch } from '../../session/commands';
import { IncrementalDescriber } from '../../narrate/describer';
import { PAGE_TOPICS, type LogLine, type TopicLook } from '../../narrate/types';
import { useProtocolUi } from '../../protocols/registry';
import { formatSeconds } from '../../lib/format';
import { useSampled } from '../../lib/sampling';
import { useSim } from '../../store/store';
import { useNarration } from './use-narration';
import './EventLog.css';

/**
 * The trace in plain English (app/narrate/, in the words of the running protocol's narrator), newest at the bottom. "Important" hides routine
 * traffic (heartbeats, replies, client writes); "All" shows every step. The list follows the
 * newest line unless the user scrolled up; clicking a line (or Enter on it) seeks there.
 *
 * Contract: reads `trace` and `now` from the store, sampled at 4 Hz; shows the lines up to
 * `now` (the last 300 of the filter); calls `dispatch('seek', line.at)`. Fills its parent's box.
 * A big trace at once (a link opened late) is narrated in slices between frames (useNarration).
 * Text is rendered as React text nodes, never as HTML.
 */

const MAX_LINES = 300;

/** A topic nobody named (it should not happen): a dot and the topic's own word. */
const unknownTopic = (topic: string): TopicLook => ({ glyph: '•', word: topic });

type Filter = 'major' | 'all';

export function EventLog() {
  const trace = useSampled((s) => s.trace, 250);
  const now = useSampled((s) => s.now, 250);
  const checking = useSim((s) => s.checking);
  const [filter, setFilter] = useState<Filter>('major');
  // After a long run (or a link opened late) the oldest events are gone: say so rather than "nothing yet".
  const keptFrom = trace[0]?.at ?? 0;
  const ui = useProtocolUi();
  const topics = useMemo(() => ({ ...PAGE_TOPICS, ...ui.topics }), [ui]);
  // Describes only what was added since the last sample (a 20 000-event trace stays cheap).
  const describer = useMemo(() => new IncrementalDescriber(ui.narrator, { actor: 'The user' }), [ui]);
  const all = useNarration(describer, trace);
  // Narrating the trace in slices, or waiting for it (a link's run shown before its checks are done).
  const reading = all === null || checking;
  const lines = useMemo(() => {
    const out: LogLine[] = [];
    if (all === null) return out;
    // Walk back from `now`: only the last MAX_LINES of the filter are shown.
    for (let i = all.length - 1; i >= 0 && out.length < MAX_LINES; i--) {
      const line = all[i]!;
      if (line.at > now) continue;
      if (filter === 'major' && line.importance !== 'major') continue;
      out.push(line);
    }
    return out.reverse();
  }, [all, now, filter]);

  const list = useRef<HTMLOListElement>(null);
  const stuck = useRef(true);
  const [behind, setBehind] = useState(false);
  const [active, setActive] = useState<string | null>(null);

  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    if (stuck.current) el.scrollTop = el.scrollHeight;
    else setBehind(true);
  }, [lines]);

  const onScroll = () => {
    const el = list.current;
    if (!el) return;
    stuck.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 24;
    if (stuck.current) setBehind(false);
  };

  const jumpToNewest = () => {
    const el = list.current;
    if (!el) return;
    stuck.current = true;
    el.scrollTop = el.scrollHeight;
    setBehind(false);
  };

  // One tab stop for the whole list (roving focus): arrows move between lines.
  const activeKey = lines.some((l) => l.key === active) ? active : (lines[lines.length - 1]?.key ?? null);
  const onKeyDown = (event: KeyboardEvent<HTMLOListElement>) => {
    const index = lines.findIndex((l) => l.key === activeKey);
    let next = index;
    if (event.key === 'ArrowDown') next = Math.min(lines.length - 1, index + 1);
    else if (event.key === 'ArrowUp') next = Math.max(0, index - 1);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = lines.length - 1;
    else if (event.key === 'PageDown') next = Math.min(lines.length - 1, index + 10);
    else if (event.key === 'PageUp') next = Math.max(0, index - 10);
    else return;
    event.preventDefault();
    const line = lines[next];
    if (!line) return;
    setActive(line.key);
    list.current?.querySelector<HTMLButtonElement>(`[data-key="${CSS.escape(line.key)}"]`)?.focus();
  };

  return (
    <section className="panel-view eventlog" aria-label="Event log">
      <header className="eventlog-header">
        <h2 className="panel-title eventlog-title">What happened</h2>
        <div className="eventlog-filter" role="group" aria-label="Show">
          <button type="button" aria-pressed={filter === 'major'} onClick={() => setFilter('major')}>
            Important
          </button>
          <button type="button" aria-pressed={filter === 'all'} onClick={() => setFilter('all')}>
            All
          </button>
        </div>
      </header>
      {/* Lines are reached by one roving tab stop; with none yet, the list itself takes it (it may still scroll). */}
      <ol className="eventlog-list" ref={list} onScroll={onScroll} onKeyDown={onKeyDown} aria-label="Events, oldest first" tabIndex={lines.length === 0 ? 0 : undefined}>
        {lines.length === 0 ? (
          <li className="eventlog-empty">
            {reading
              ? 'Reading the events…'
              : keptFrom > 0
              ? `Nothing ${filter === 'major' ? 'important ' : ''}since ${formatSeconds(keptFrom)} (the page keeps the newest events only).`
              : now > 0 && filter === 'major'
                ? // Heartbeats alone are routine: "nothing yet" read as if the run had not started.
                  'Nothing important yet: "All" shows every message.'
                : 'Nothing yet: press play, or crash a server and watch.'}
          </li>
        ) : (
          lines.map((line) => (
            <Line key={line.key} line={line} topic={topics[line.topic] ?? unknownTopic(line.topic)} active={line.key === activeKey} onFocusLine={setActive} />
          ))
        )}
      </ol>
      {behind ? (
        <button type="button" className="eventlog-jump" onClick={jumpToNewest}>
          ↓ Newest
        </button>
      ) : null}
    </section>
  );
}

/** One line; memoised, since lines keep their identity from one sample to the next. */
const Line = memo(function Line({
  line,
  topic,
  active,
  onFocusLine,
}: {
  line: LogLine;
  topic: TopicLook;
  active: boolean;
  onFocusLine: (key: string) => void;
}) {
  return (
    <li className={`eventlog-line eventlog-line--${line.topic}${line.importance === 'minor' ? ' eventlog-line--minor' : ''}`}>
      <button
        type="button"
        data-key={line.key}
        tabIndex={active ? 0 : -1}
        onFocus={() => onFocusLine(line.key)}
        onClick={() => dispatch('seek', line.at)}
        title={`Go to ${formatSeconds(line.at)}`}
      >
        <time className="eventlog-time">{formatSeconds(line.at)}</time>
        <span className="eventlog-topic" title={topic.word}>
          <span aria-hidden="true">{topic.glyph}</span>
          <span className="visually-hidden">{topic.word}: </span>
        </span>
        <span className="eventlog-text">{line.text}</span>
      </button>
    </li>
  );
});
