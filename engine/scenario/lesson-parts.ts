import * as v from 'valibot';

/**
 * The pieces of the lesson format (lesson.ts) that protocols build their own lesson vocabulary
 * from, and the contract of that vocabulary. No protocol is named here and nothing here imports
 * the protocol registry, so a protocol's `lesson.ts` may import it freely.
 */
export const MAX_NODE = 127;

export const count = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000));
export const positive = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000));
export const ms = v.pipe(v.number(), v.minValue(0), v.maxValue(24 * 3600 * 1000));
export const rate = v.pipe(v.number(), v.minValue(0), v.maxValue(1));
/** A node by id (0 is the first node). */
export const node = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_NODE));
/** A role's name as a lesson spells it ("leader"); which roles exist is the protocol's to say. */
export const roleName = v.pipe(v.string(), v.regex(/^[a-z][a-zA-Z]{0,31}$/, 'must name a node by id or by one of its protocol\'s roles'));
/** A node by id, or by the role it holds when the step is entered (resolved by the protocol). */
export const nodeRef = v.union([node, roleName], 'must name a node by id or by one of its protocol\'s roles');

/**
 * What a protocol adds to lessons (engine/protocols/NAME/lesson.ts, listed by
 * engine/protocols/registry.ts). Lessons spell its words with the protocol's name in front
 * (`raft.leaderElected`, `raft.forceTimeout`); the schemas here validate the rest of the object
 * (the `kind` left out). The page says what they mean (`ProtocolUi.lessons`, app/lessons/contract.ts).
 *
 * A field that names nodes is called `node`, `from`, `to` or `who` and holds a node id or a
 * role (`nodeRef`), so the generic checks see every node a lesson names.
 */
export interface LessonVocabulary {
  /** What a step may wait for, by name without the prefix: the schema of its other fields. */
  readonly conditions: Readonly<Record<string, v.GenericSchema>>;
  /** What a step may do when entered, by name without the prefix. */
  readonly actions: Readonly<Record<string, v.GenericSchema>>;
  /** The roles a lesson may name a node by ("leader", "follower"). */
  readonly roles: readonly string[];
}
