import type { ComponentType, ReactNode } from 'react';
import type { NodeId } from '../../engine/kernel/protocol';
import type { Micros } from '../../engine/kernel/time';
import type { TraceEvent } from '../../engine/kernel/trace';
import type { Scenario } from '../../engine/scenario/schema';
import type { ProtocolCommand } from '../commands/types';
import type { LessonUi } from '../lessons/contract';
import type { NarratorFactory } from '../narrate/describer';
import type { TopicLook } from '../narrate/types';
import type { NodeState } from '../store/types';

/**
 * The contract between the page and one protocol's UI folder (app/protocols/NAME/): everything
 * the generic views (cluster, inspector, event log, space-time diagram, timeline, toolbar) need
 * to know about a system, as data and small components. The views ask the registry
 * (registry.ts) for the running protocol's `ProtocolUi` and never import a protocol folder.
 *
 * **API Boundary:** a protocol folder may import generic code (store, lib, narrate, commands,
 * generic view pieces); generic code reaches a protocol folder only through registry.ts.
 */
export interface ProtocolUi<V = unknown> {
  /** The engine protocol's name, as scenarios spell it ("raft", "ping"). */
  readonly name: string;
  /** What the page calls the system ("Raft", "Heartbeat mesh"). */
  readonly title: string;
  /** One sentence for the system picker. */
  readonly summary: string;
  /**
   * Reads a node's view (plain data from a worker: untrusted in shape) as this protocol's typed
   * view; null when the node is down or the data is not such a view. The one place that knows
   * the view's fields.
   */
  parseView(view: Record<string, unknown> | null | undefined): V | null;
  /** A fresh run of this system, as a first visit or the picker opens it (`nodes` from `?nodes=`). */
  defaultScenario(options: { seed: number; nodes: number | null }): Scenario;
  readonly node: NodeUi;
  readonly messages: MessageUi;
  readonly legend: LegendUi;
  /** What its nodes observe (`ctx.observe(what, data)`), by `what`: see ObservationUi. */
  readonly observations: Readonly<Record<string, ObservationUi>>;
  /** Words for "Step to next ★": what "interesting" means here ("an election, a new leader or a commit"). */
  readonly interestingText: string;
  /** Says what a node's step meant, for the event log (app/narrate/ says the rest). */
  readonly narrator: NarratorFactory;
  /** The event log's topics of its narrator's lines, beyond the page's own (PAGE_TOPICS). */
  readonly topics: Readonly<Record<string, TopicLook>>;
  /** Panels of its own beside the space-time diagram (Raft: the log table). */
  readonly panels: readonly PanelUi[];
  /**
   * A picture of its own drawn large (the hash ring): the page gives it a main panel beside the
   * cluster, as tall as the cluster and the bottom row together. Absent: the page's usual layout.
   */
  readonly stage?: PanelUi;
  /** What the inspector shows of a selected node, below the shell's name, actions and links. */
  readonly inspector: InspectorUi;
  /**
   * What a user can ask of its nodes and cluster beyond crash, restart and the network (Raft:
   * time out, client write and read, add and remove a server), as data: buttons, lessons and
   * `window.quorum` run them by id through one dispatcher (app/commands/).
   */
  readonly commands: readonly ProtocolCommand[];
  /**
   * Its words in lessons (`raft.leaderElected`, `raft.forceTimeout`; the engine's vocabulary,
   * engine/protocols/NAME/lesson.ts, validates them): roles, conditions, actions, what a
   * learner does (app/lessons/contract.ts). Absent: its lessons use generic words only.
   */
  readonly lessons?: LessonUi;
  /**
   * Settings a user may choose for a new run (the New run dialog): keys of the scenario's
   * `protocol.config`, so a share link carries them. The engine's `checkScenario` still judges
   * the whole; `min`/`max` here are what the page offers. Absent: only the seed is chosen.
   */
  readonly settings?: readonly SettingUi[];
}

/** One setting of a protocol's config, as the New run dialog offers it. */
export type SettingUi =
  | { readonly key: string; readonly label: string; readonly kind: 'number'; readonly unit: string; readonly min: number; readonly max: number; readonly hint?: string }
  | { readonly key: string; readonly label: string; readonly kind: 'boolean'; readonly hint?: string };

/* ------------------------------------------------------------------------------ inspector */

export interface InspectorUi {
  /** The hint's line about nodes: "its role, term, log and timers, and buttons to crash it or time it out". */
  readonly nodeHint: string;
  /** Beside the node's name (Raft: its role), when it runs. */
  readonly Badge: ComponentType<{ node: NodeState }>;
  /** What a crashed node still has, after "S2 is crashed." */
  crashedNote(name: string): string;
  /** The selected running node's sections, in order (views/inspector/TimersSection is one to reuse). */
  readonly sections: readonly InspectorSection[];
}

export interface InspectorSectionProps {
  /** The selected node; running, with a view its protocol can read. */
  node: NodeState;
  now: Micros;
  /** Every node (a leader's progress names which peers are down). */
  nodes: readonly NodeState[];
}

export interface InspectorSection {
  readonly id: string;
  /** Renders nothing when it has nothing to say (Raft's votes outside an election). */
  readonly Component: ComponentType<InspectorSectionProps>;
}

/* ---------------------------------------------------------------------------------- nodes */

/** How a node looks to the generic node shell: its tone and its accessible name. */
export interface NodeLook {
  /** A CSS class suffix (`cv-role-<tone>`): "leader", "follower", "alive"; "down" when crashed. */
  tone: string;
  /** The node's accessible name, its state as the protocol sees it: "S1, leader, term 3". */
  label: string;
}

export interface NodeBodyProps {
  id: NodeId;
  look: NodeLook;
  /** Where the disc sits in the node's box (the shell lays a button of the same size over it). */
  disc: { width: number; height: number; left: number; top: number };
}

export interface NodeUi {
  /**
   * A node's look from the store; pure, and made of primitives: the shell selects it with a
   * shallow compare, so a node re-renders only when its look changes.
   */
  look(node: NodeState | undefined, nodes: readonly NodeState[]): NodeLook;
  /** What fills the node's box around the shell's rings: badge, disc contents, a strip below. */
  Body: ComponentType<NodeBodyProps>;
  /** The timer drawn as a shrinking ring round the disc ("election" for Raft), or null. */
  readonly ringTimer: string | null;
  /** The ring's name in the legend ("election timer"). */
  readonly ringLabel: string;
  /** A glyph after the node's name on its space-time lane ("★" for a leader), or "". */
  laneGlyph(node: NodeState): string;
}

/* ------------------------------------------------------------------------------- messages */

export type GlyphShape = 'diamond' | 'circle' | 'square';
export type GlyphMark = 'check' | 'cross' | null;

/** A message in flight in the cluster view: shape AND colour AND (where it has one) a mark or a number. */
export interface MessageGlyph {
  /** A CSS class suffix (`cv-msg-<kind>`). */
  kind: string;
  shape: GlyphShape;
  /** Half the shape's width, in flow units (a node's disc has radius 58). */
  size: number;
  /** A CSS colour (a var()). */
  color: string;
  /** White with a coloured outline (replies), or filled with the colour. */
  hollow: boolean;
  /** A number or letter written inside. */
  text: string | null;
  /** The text's colour when the fill is dark ("#fff"); ink otherwise. */
  ink?: string;
  /** Replies may carry their answer. */
  mark: GlyphMark;
}

/** A message as a line (space-time diagram, inspector): colour, dash pattern, width and end. */
export interface MessageLine {
  /** A CSS colour (a var()). */
  color: string;
  /** SVG stroke-dasharray of a delivered message ("" for solid). */
  dash: string;
  width: number;
  /** Replies are drawn dotted. */
  response: boolean;
  head: 'arrow' | 'square' | 'dot' | 'diamond';
  /** Short name for legends and screen readers ("AppendEntries reply", "Heartbeat"). */
  label: string;
  /** A note beside the type in the inspector ("heartbeat: no entries"), if any. */
  note?: string;
}

export interface MessageUi {
  glyph(type: string, msg: Record<string, unknown>): MessageGlyph;
  line(type: string, msg: Record<string, unknown> | null): MessageLine;
  /** What a message carries, in a few words each ("2 entries", "vote refused"): the cluster's hover text. */
  details(type: string, msg: Record<string, unknown>): string[];
  /** Its term and answer for the space-time diagram's sentence ("term 4", "granted"). */
  facts(type: string, msg: Record<string, unknown> | null): string[];
  /** Friendlier names of payload fields in the inspector ("prevLogIndex" -> "Prev log index"). */
  readonly fieldLabels: Readonly<Record<string, string>>;
  /** A payload field drawn specially (Raft's entries as term chips); undefined: the default. */
  renderField?(name: string, value: unknown): ReactNode | undefined;
}

/* --------------------------------------------------------------------------------- legend */

export interface LegendUi {
  /** The cluster legend's messages: a sample of each kind and what it is. */
  readonly glyphs: readonly { type: string; msg: Record<string, unknown>; label: string }[];
  /** Whether replies carry yes/no marks (the legend then explains them). */
  readonly marks: boolean;
  /** The cluster legend's node tones: a small disc of each, with an icon and a word. */
  readonly tones: readonly { tone: string; label: string; icon?: ReactNode }[];
  /** More items under "Nodes" (Raft: committed and uncommitted log entries), as <li> elements. */
  readonly More?: ComponentType;
  /** The space-time diagram's legend: one line per message kind. */
  readonly lines: readonly { style: MessageLine; label: string }[];
}

/* --------------------------------------------------------------------------- observations */

/**
 * What the page does with one kind of observation (`ctx.observe(what, data)`). `data` is the
 * observation's payload as the trace carries it.
 */
export interface ObservationUi {
  /** "Step to next ★" (and Shift+→) stops after an event that records one. */
  readonly interesting?: boolean;
  /** A point on the timeline scrubber. */
  readonly marker?: TimelineMarkerUi;
  /** A mark on the observing node's lane of the space-time diagram. */
  lane?(data: Record<string, unknown>): LaneMark;
  /**
   * A clause for the event log ("suspects S3"), for protocols narrated by the plain narrator
   * (app/narrate/plain.ts); a protocol with a narrator of its own may leave it out.
   */
  narrate?(data: Record<string, unknown>, name: (id: number) => string): Clause;
}

/** Part of a sentence about a node's step: "suspects S3". */
export interface Clause {
  /** A verb and what it is about ("suspects S3"): clauses with the same verb, topic and note merge ("suspects S2 and S4"). */
  text: string;
  /** Said once after merged clauses, in parentheses ("silent for too long"). */
  note?: string;
  /** Shown under "Important" in the event log. */
  major: boolean;
  topic: string;
}

/**
 * A protocol's observations as a typed union (`{ what: 'leader'; data: { term: number } } | ...`)
 * and one descriptor per kind: adding a kind to the union without saying what the page does
 * with it does not compile.
 */
export type ObservationDescriptors<O extends { what: string }> = { readonly [K in O['what']]: ObservationUi };

export interface TimelineMarkerUi {
  /** The marker's kind (a CSS class `timeline-marker-<kind>`); one legend entry per kind. */
  readonly kind: string;
  /** The glyph drawn on the scrubber ("★"). */
  readonly symbol: string;
  /** Its legend text ("new leader"). */
  readonly legend: string;
  /** Left out first when the scrubber is crowded. */
  readonly minor?: boolean;
  /** The hover text: "S3 leads term 1". */
  label(data: Record<string, unknown>, node: string): string;
}

export interface LaneMark {
  /** A CSS class suffix (`spacetime-marker--<kind>`). */
  kind: string;
  shape: 'diamond' | 'star';
  /** Above the mark ("leader T3"); hidden when it would overlap a label that matters more. */
  label: string;
  /** The hover text after the node's name ("election for term 3"). */
  title: string;
  /** A CSS colour, or null for the default. */
  fill: string | null;
  /** Which label wins an overlap (a new leader 3, a crash 2, a restart 1). */
  priority: number;
}

/* --------------------------------------------------------------------------------- panels */

export interface PanelUi {
  readonly id: string;
  /** Fills a panel box of the page's bottom row and names itself as a region. */
  readonly Component: ComponentType;
}
