import type { Monitor, NodeId, Violation } from '../../kernel/protocol';
import { nodeName, type TopologyLayout } from '../../kernel/topology';
import type { TraceEvent } from '../../kernel/trace';
import { ballotLabel, majority, type Ballot } from './ballot';

/**
 * The safety of Paxos, judged from outside (Paxos Made Simple §2.1's requirements), for one
 * slot (single-decree Paxos: slot 0) or many (Multi-Paxos' log). It reads two observations:
 *
 * - `accepted` {slot, ballot, value} at an acceptor: it accepted that proposal;
 * - `learned` {slot, value} at a learner: it learned that the slot's value is `value`.
 *
 * A value is *chosen* in a slot when a majority of the acceptors accepted one ballot of it. The
 * monitor keeps, per slot, who accepted each ballot, and checks on every event:
 *
 * 1. **At most one value is chosen per slot.** A second ballot reaching a majority with another value.
 * 2. **A chosen value never changes** (P2c's consequence): once `v` is chosen at ballot `b`, no
 *    acceptor accepts another value at a ballot above `b`; a later majority would change it.
 * 3. **Learners learn only chosen values.** A `learned` whose value is not the slot's chosen one.
 *
 * Its state is plain data (it snapshots with the run). Votes of a slot are forgotten once they
 * agree with the value chosen there: they can no longer break anything.
 */

export const AT_MOST_ONE = 'At most one value chosen per slot';
export const NEVER_CHANGES = 'A chosen value never changes';
export const LEARN_ONLY_CHOSEN = 'Learners learn only chosen values';

interface SlotState {
  /** ballot -> the value proposed in it (its key) and the acceptors that accepted it. */
  votes: Record<string, { value: string; by: NodeId[] }>;
  chosen: { value: string; ballot: Ballot; atUs: number } | null;
}

interface ChoiceState {
  slots: Record<string, SlotState>;
  chosenCount: number;
  learnedCount: number;
}

/** A value's identity: its canonical JSON (values are plain data made in one fixed key order). */
export function valueKey(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function choiceMonitor(acceptors: readonly NodeId[], topology: TopologyLayout | null): Monitor & { chosen(slot: number): string | null } {
  const quorum = majority(acceptors.length);
  const isAcceptor = new Set(acceptors);
  const name = (id: NodeId) => nodeName(topology, id);
  let s: ChoiceState = { slots: {}, chosenCount: 0, learnedCount: 0 };

  const slotOf = (slot: number): SlotState => (s.slots[slot] ??= { votes: {}, chosen: null });

  const accepted = (event: TraceEvent & { kind: 'observe' }, data: Record<string, unknown>): Violation | undefined => {
    const slot = Number(data.slot);
    const ballot = Number(data.ballot);
    const value = valueKey(data.value);
    if (!isAcceptor.has(event.node)) return undefined;
    const st = slotOf(slot);
    if (st.chosen && ballot > st.chosen.ballot && value !== st.chosen.value) {
      return {
        invariant: NEVER_CHANGES,
        message: `${name(event.node)} accepted ${value} in slot ${slot} at ballot ${ballotLabel(ballot, name)}, after ${st.chosen.value} was chosen there at ballot ${ballotLabel(st.chosen.ballot, name)}`,
        event,
      };
    }
    if (st.chosen && value === st.chosen.value) return undefined;
    const vote = (st.votes[ballot] ??= { value, by: [] });
    if (vote.value !== value) {
      return { invariant: AT_MOST_ONE, message: `ballot ${ballotLabel(ballot, name)} carried two values in slot ${slot}: ${vote.value} and ${value}`, event };
    }
    if (!vote.by.includes(event.node)) vote.by.push(event.node);
    if (vote.by.length < quorum) return undefined;
    if (st.chosen) {
      return {
        invariant: AT_MOST_ONE,
        message: `slot ${slot}: ${value} chosen at ballot ${ballotLabel(ballot, name)} (by ${vote.by.map(name).join(', ')}) after ${st.chosen.value} was chosen at ballot ${ballotLabel(st.chosen.ballot, name)}`,
        event,
      };
    }
    st.chosen = { value, ballot, atUs: event.at };
    s.chosenCount++;
    // Votes for the chosen value cannot break anything any more; others stay to be judged.
    for (const [b, v] of Object.entries(st.votes)) if (v.value === value) delete st.votes[b];
    return undefined;
  };

  const learned = (event: TraceEvent & { kind: 'observe' }, data: Record<string, unknown>): Violation | undefined => {
    const slot = Number(data.slot);
    const value = valueKey(data.value);
    const chosen = s.slots[slot]?.chosen ?? null;
    s.learnedCount++;
    if (chosen && chosen.value === value) return undefined;
    return {
      invariant: LEARN_ONLY_CHOSEN,
      message: `${name(event.node)} learned ${value} in slot ${slot}, but ${chosen ? `${chosen.value} was chosen there` : 'no value was chosen there yet'}`,
      event,
    };
  };

  return {
    observe(event) {
      if (event.kind !== 'observe' || !event.data) return undefined;
      if (event.what === 'accepted') return accepted(event, event.data);
      if (event.what === 'learned') return learned(event, event.data);
      return undefined;
    },
    finish: () => ({ stats: { slotsChosen: s.chosenCount, learnedEvents: s.learnedCount }, violations: [] }),
    snapshot: () => structuredClone(s),
    restore(state) {
      s = structuredClone(state as ChoiceState);
    },
    chosen: (slot) => s.slots[slot]?.chosen?.value ?? null,
  };
}
