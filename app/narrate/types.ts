import type { Micros } from '../../engine/kernel/time';

/**
 * The event log's lines: plain-English sentences about a trace, one per step of a node (a
 * trigger and its effects) or per action of the environment. Generic narration
 * (describer.ts) writes the environment's lines and the fate of messages; a protocol's narrator
 * (`ProtocolUi.narrator`) writes what its nodes did.
 */
export type Importance = 'major' | 'minor';

export interface LogLine {
  /** Stable and unique: the first event's (at, node, incarnation, seq). */
  key: string;
  at: Micros;
  /** The node the sentence is about; -1 for the environment (actions). */
  node: number;
  text: string;
  /** 'major' lines are the "Important" filter; routine traffic is 'minor'. */
  importance: Importance;
  /** What the line is about: a glyph and a word in the log (never colour alone). See TopicLook. */
  topic: string;
}

/** How the event log shows a topic: a glyph and a word (the colour beside them is a bonus). */
export interface TopicLook {
  glyph: string;
  word: string;
}

/** The topics generic narration uses; a protocol adds its own (`ProtocolUi.topics`). */
export const PAGE_TOPICS: Readonly<Record<string, TopicLook>> = {
  message: { glyph: '→', word: 'message' },
  lost: { glyph: '✕', word: 'lost' },
  client: { glyph: '●', word: 'client' },
  crash: { glyph: '✕', word: 'crash' },
  restart: { glyph: '↻', word: 'restart' },
  network: { glyph: '✂', word: 'network' },
  pause: { glyph: '❄', word: 'pause' },
  byzantine: { glyph: '⚠', word: 'byzantine' },
};
