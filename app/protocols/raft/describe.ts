import { USER_OP_BASE } from '../../../engine/kernel/actions';
import type { MessageId, TraceEvent } from '../../../engine/kernel/trace';
import {
  describeTrace as narrateTrace,
  joinClauses,
  num,
  type ActionEvent,
  type DescribeOptions,
  type Invoke,
  type Msg,
  type NarrationTools,
  type Narrator,
  type NarratorFactory,
  type StepFacts,
} from '../../narrate/describer';
import type { Importance, LogLine, TopicLook } from '../../narrate/types';
import { entryRange, listNames } from '../../lib/format';
import { raftObservation } from './observations';
import type { RaftRole } from './view';

/**
 * Raft's narrator: plain-English sentences for what a Raft server's step meant (the event log;
 * app/narrate/describer.ts says the rest: actions, crashes, lost messages, answers). Pure
 * functions over trace events: no store, no DOM, so they are unit-tested on hand-made traces
 * (describe.test.ts).
 *
 * One sentence per step ("S3's election timer fired: it asks S1, S2 for pre-votes for term 4"),
 * sometimes two. It tracks a little per-node state (term, vote, role, log length, the votes of
 * a running election) while it reads, so sentences can say who voted and why a request was
 * refused.
 */

/** What a line is about: the event log shows it as a glyph with a text label, not as colour alone. */
export type Topic = 'election' | 'leader' | 'vote' | 'term' | 'log' | 'reject' | 'commit' | 'config' | 'message' | 'client' | 'restart';

/** Raft's own topics in the event log (the page's own, like "lost" and "network", come with it). */
export const RAFT_TOPICS: Readonly<Record<string, TopicLook>> = {
  election: { glyph: '◆', word: 'election' },
  leader: { glyph: '★', word: 'leader' },
  vote: { glyph: '☐', word: 'vote' },
  term: { glyph: '↑', word: 'term' },
  log: { glyph: '≡', word: 'log' },
  reject: { glyph: '⚠', word: 'rejected' },
  commit: { glyph: '■', word: 'commit' },
  config: { glyph: '⚙', word: 'membership' },
};

interface Tally {
  pre: boolean;
  term: number;
  granted: number[];
  refused: number[];
}

/** What the describer knows about one node from the trace read so far. */
interface Tracked {
  term: number | null;
  votedFor: number | null;
  role: RaftRole | null;
  leader: number | null;
  logLength: number | null;
  commitIndex: number;
  tally: Tally | null;
  /** The term in which this node, as leader, last committed (its first commit says "established"). */
  committedAsLeaderIn: number | null;
  /** Mid-run, until a role, term or AppendEntries says: whom it follows is not known (not "none"). */
  leaderUnknown: boolean;
}

/** Everything one step did, read from its events and its Raft observations. */
interface Facts extends StepFacts {
  term: number | null;
  votes: { term: number; for: number }[];
  roles: RaftRole[];
  election: number | null;
  leader: number | null;
  appends: { index: number; terms: number[] }[];
  truncateFrom: number | null;
  commit: number | null;
  config: number[] | null;
  recover: { term: number; votedFor: number | null; logLength: number; snapshotIndex: number } | null;
  /** A snapshot the node took (`from` null) or installed from leader `from` (§7). */
  snapshot: { index: number; term: number; from: number | null } | null;
}

/** A step's Raft observations, read into facts. */
function readFacts(step: StepFacts): Facts {
  const f: Facts = {
    ...step,
    term: null,
    votes: [],
    roles: [],
    election: null,
    leader: null,
    appends: [],
    truncateFrom: null,
    commit: null,
    config: null,
    recover: null,
    snapshot: null,
  };
  for (const e of step.observations) {
    const o = raftObservation(e);
    if (!o) continue;
    const d: Record<string, unknown> = o.data;
    switch (o.what) {
      case 'term':
        f.term = num(d.term) ?? f.term;
        break;
      case 'vote':
        f.votes.push({ term: num(d.term) ?? 0, for: num(d.for) ?? -1 });
        break;
      case 'role':
        if (typeof d.role === 'string') f.roles.push(d.role as RaftRole);
        break;
      case 'election':
        f.election = num(d.term);
        break;
      case 'leader':
        f.leader = num(d.term);
        break;
      case 'append':
        f.appends.push({ index: num(d.index) ?? 0, terms: Array.isArray(d.terms) ? d.terms.map((t) => num(t) ?? 0) : [] });
        break;
      case 'truncate':
        f.truncateFrom = num(d.from);
        break;
      case 'commit':
        f.commit = num(d.index);
        break;
      case 'config':
        f.config = Array.isArray(d.members) ? d.members.map((m) => num(m) ?? 0) : null;
        break;
      case 'recover':
        f.recover = { term: num(d.term) ?? 0, votedFor: num(d.votedFor), logLength: num(d.logLength) ?? 0, snapshotIndex: num(d.snapshotIndex) ?? 0 };
        break;
      case 'snapshot':
        f.snapshot = { index: num(d.index) ?? 0, term: num(d.term) ?? 0, from: num(d.from) };
        break;
    }
  }
  return f;
}

const has = (f: Facts, role: RaftRole) => f.roles.includes(role);

/** A message's name in a sentence: "heartbeat" for an AppendEntries without entries. */
function messageName(type: string, msg: Msg | undefined): string {
  if (type === 'AppendEntries' && msg && Array.isArray(msg.entries) && msg.entries.length === 0) return 'heartbeat';
  return type;
}

function commandText(command: { type: string } & Record<string, unknown>, name: (id: number) => string): string {
  switch (command.type) {
    case 'write':
      return `write ${String(command.value)}`;
    case 'read':
      return 'read the value';
    case 'forceElection':
      return 'time out now';
    case 'addServer':
      return `add ${name(num(command.node) ?? 0)}`;
    case 'removeServer':
      return `remove ${name(num(command.node) ?? 0)}`;
    default:
      return command.type;
  }
}

function resultText(result: unknown, name: (id: number) => string): string {
  const r = (result && typeof result === 'object' ? result : {}) as Record<string, unknown>;
  if (r.ok === true) {
    if ('value' in r) return `read ${r.value === null ? 'nothing yet' : String(r.value)} (as of index ${String(r.index)})`;
    if ('index' in r) return `done, committed at index ${String(r.index)}`;
    if ('term' in r) return `done, term ${String(r.term)}`;
    return 'done';
  }
  const leader = num(r.leader);
  const error = typeof r.error === 'string' ? r.error : 'failed';
  return `refused (${error}${leader !== null ? `; the leader is ${name(leader)}` : ''})`;
}

function rangeOfAppends(appends: Facts['appends']): { first: number; last: number; terms: number[] } | null {
  if (appends.length === 0) return null;
  const first = appends[0]!.index;
  const lastAppend = appends[appends.length - 1]!;
  const terms = appends.flatMap((a) => a.terms);
  return { first, last: lastAppend.index + lastAppend.terms.length - 1, terms };
}

function termsText(terms: number[]): string {
  if (terms.length === 0) return '';
  const lo = Math.min(...terms);
  const hi = Math.max(...terms);
  return lo === hi ? `term ${lo}` : `terms ${lo}–${hi}`;
}

interface Clause {
  text: string;
  major: boolean;
  topic: Topic;
}

/**
 * "took a snapshot up to index 1000 (term 2) …": a server compacting its own log (§7). Every
 * server does it at about the same index, so only the leader's line counts as important.
 */
function tookSnapshot(f: Facts, major = false): Clause | null {
  const s = f.snapshot;
  if (!s || s.from !== null) return null;
  return { text: `took a snapshot up to index ${s.index} (term ${s.term}), dropping those entries from its log`, major, topic: 'log' };
}

function cloneTracked(nodes: Map<number, Tracked>): Map<number, Tracked> {
  const out = new Map<number, Tracked>();
  for (const [id, t] of nodes) {
    out.set(id, { ...t, tally: t.tally ? { ...t.tally, granted: [...t.tally.granted], refused: [...t.tally.refused] } : null });
  }
  return out;
}

/**
 * The narrator: the describer feeds it steps in order. A class only to hold the per-node state;
 * `raftNarrator` makes one, `describeTrace` is the pure entry point.
 */
class RaftNarrator implements Narrator {
  private nodes = new Map<number, Tracked>();
  private readonly name: (id: number) => string;
  private readonly userName: string;
  private readonly emit: (f: { at: number; node: number; trigger: TraceEvent }, text: string, importance: Importance, topic: Topic, suffix?: string) => void;
  private readonly msgOf: (id: MessageId) => Msg | undefined;
  private readonly actorOf: (e: ActionEvent) => string;
  /** The facts of the step being said (read once for `say` and `fold`). */
  private facts: { step: StepFacts; facts: Facts } | null = null;

  /**
   * The trace starts mid-run (its beginning was cut: the page keeps the newest events only), so
   * the first thing seen of a server is not news: its leader was not "new" at that moment.
   */
  private readonly midRun: boolean;

  readonly keptOnCrash = 'its disk (term, vote, log)';

  constructor(tools: NarrationTools) {
    this.name = tools.name;
    this.userName = tools.userName;
    this.midRun = tools.midRun;
    this.emit = tools.emit;
    this.msgOf = tools.msgOf;
    this.actorOf = tools.actorOf;
  }

  private node(id: number): Tracked {
    let t = this.nodes.get(id);
    if (!t) {
      t = { term: null, votedFor: null, role: null, leader: null, logLength: null, commitIndex: 0, tally: null, committedAsLeaderIn: null, leaderUnknown: this.midRun };
      this.nodes.set(id, t);
    }
    return t;
  }

  private read(step: StepFacts): Facts {
    if (this.facts?.step !== step) this.facts = { step, facts: readFacts(step) };
    return this.facts.facts;
  }

  save(): Map<number, Tracked> {
    return cloneTracked(this.nodes);
  }

  restore(saved: unknown): void {
    this.nodes = cloneTracked(saved as Map<number, Tracked>);
    this.facts = null;
  }

  messageName = messageName;
  commandText = commandText;
  resultText = resultText;

  importantLoss(type: string): boolean {
    return type === 'RequestVote' || type === 'PreVote';
  }

  saidSending(step: StepFacts): boolean {
    const f = this.read(step);
    return f.trigger.kind === 'timer' || has(f, 'candidate') || has(f, 'precandidate');
  }

  /** A forwarded client request's sentence says how it was answered. */
  saysReplies(step: StepFacts): boolean {
    return step.trigger.kind === 'deliver' && step.trigger.msgType === 'ClientRequest';
  }

  /** One node step, optionally caused by an action at the same instant. */
  say(step: StepFacts, cause: ActionEvent | null): void {
    const f = this.read(step);
    const before: Tracked = { ...this.node(f.node) };
    const e = f.trigger;
    switch (e.kind) {
      case 'timer':
        this.timer(f, e.name, before);
        break;
      case 'deliver':
        this.deliver(f, e.from, e.id, e.msgType, before);
        break;
      case 'invoke':
        this.invoke(f, e, before, cause);
        break;
      case 'start':
        this.start(f, cause);
        break;
      default:
        // A step whose trigger fell off the capped trace, or a metric: only effects speak.
        this.generic(f, before);
    }
  }

  fold(step: StepFacts): void {
    this.apply(this.read(step));
  }

  private timer(f: Facts, name: string, before: Tracked): void {
    const n = this.name;
    const self = n(f.node);
    if (name === 'election') {
      const peers = (type: string) => f.sends.filter((s) => s.msg.type === type).map((s) => s.to);
      // A (pre-)candidate whose timer fires again campaigns again without a new role.
      if (has(f, 'precandidate') || (!has(f, 'candidate') && f.election === null && f.sends.some((x) => x.msg.type === 'PreVote'))) {
        const pv = f.sends.find((s) => s.msg.type === 'PreVote');
        const next = num(pv?.msg && (pv.msg as Msg).term) ?? (before.term ?? 0) + 1;
        const asked = peers('PreVote');
        const rest = this.roleClauses(f, before, ['precandidate']);
        const tail = rest.length > 0 ? `; it ${joinClauses(rest.map((c) => c.text))}` : '';
        const ask = asked.length > 0 ? `it asks ${listNames(asked, n)} for pre-votes for term ${next}` : `it tries for term ${next}`;
        return this.emit(f, `${self}'s election timer fired: ${ask}${tail}`, 'major', 'election');
      }
      if (has(f, 'candidate') || f.election !== null) {
        const asked = peers('RequestVote');
        const rest = this.roleClauses(f, before, ['candidate']);
        const tail = rest.length > 0 ? `; it ${joinClauses(rest.map((c) => c.text))}` : '';
        const ask = asked.length > 0 ? `, votes for itself and asks ${listNames(asked, n)} for votes` : ' and votes for itself';
        return this.emit(f, `${self}'s election timer fired: it is now a candidate in term ${f.term ?? f.election ?? '?'}${ask}${tail}`, 'major', 'election');
      }
      return this.emit(f, `${self}'s election timer fired (nothing to do)`, 'minor', 'election');
    }
    if (name === 'heartbeat') {
      if (has(f, 'follower')) {
        return this.emit(
          f,
          `${self} stepped down as leader of term ${before.term ?? '?'}: it has not heard from a majority for a whole election timeout (check-quorum)`,
          'major',
          'leader',
        );
      }
      return this.emit(f, `${self} ${this.appendRound(f)}`, 'minor', 'message');
    }
    this.emit(f, `${self}'s ${name} timer fired`, 'minor', 'message');
  }

  /** "sent entries 12–15 to S2 and S3 and heartbeats to S4". */
  private appendRound(f: Facts): string {
    const n = this.name;
    const beats: number[] = [];
    // Peers that get the same entries are named together.
    const ranges = new Map<string, { first: number; last: number; to: number[] }>();
    for (const s of f.sends) {
      if (s.msg.type !== 'AppendEntries') continue;
      const m = s.msg as Msg;
      const entries = Array.isArray(m.entries) ? m.entries.length : 0;
      if (entries === 0) {
        beats.push(s.to);
        continue;
      }
      const first = (num(m.prevLogIndex) ?? 0) + 1;
      const last = first + entries - 1;
      const key = `${first}-${last}`;
      const range = ranges.get(key) ?? { first, last, to: [] };
      range.to.push(s.to);
      ranges.set(key, range);
    }
    const parts = [...ranges.values()].map((r) => `${entryRange(r.first, r.last)} to ${listNames(r.to, n)}`);
    // §7: the entries these followers need next were compacted away.
    const snapshots = f.sends.filter((s) => s.msg.type === 'InstallSnapshot');
    if (snapshots.length > 0) {
      const index = num((snapshots[0]!.msg as Msg).lastIncludedIndex);
      parts.push(`its snapshot up to index ${index ?? '?'} to ${listNames(snapshots.map((s) => s.to), n)}`);
    }
    if (beats.length > 0) parts.push(`heartbeats to ${listNames(beats, n)}`);
    if (parts.length === 0) return 'has no one to send heartbeats to';
    return `sent ${parts.length > 2 ? `${parts.slice(0, -1).join('; ')}; and ${parts[parts.length - 1]}` : parts.join(' and ')}`;
  }

  /**
   * Role and term changes as clauses ("learned of term 5", "is now a candidate in term 5", "won
   * the election ..."), skipping roles the caller already put into words.
   */
  private roleClauses(f: Facts, before: Tracked, said: RaftRole[] = []): Clause[] {
    const n = this.name;
    const out: Clause[] = [];
    let role = before.role;
    for (const r of f.roles) {
      if (said.includes(r)) {
        role = r;
        continue;
      }
      if (r === 'precandidate') {
        const pv = f.sends.find((s) => s.msg.type === 'PreVote');
        out.push({ text: `asks for pre-votes for term ${num(pv?.msg && (pv.msg as Msg).term) ?? '?'}`, major: true, topic: 'election' });
      } else if (r === 'candidate') {
        const asked = f.sends.filter((s) => s.msg.type === 'RequestVote').map((s) => s.to);
        const ask = asked.length > 0 ? `, votes for itself and asks ${listNames(asked, n)} for votes` : ' and votes for itself';
        out.push({ text: `is now a candidate in term ${f.election ?? f.term ?? '?'}${ask}`, major: true, topic: 'election' });
      } else if (r === 'leader') {
        const tally = this.node(f.node).tally;
        const votes = tally && !tally.pre ? ` with votes from ${listNames(tally.granted, n)}` : '';
        out.push({ text: `won the election for term ${f.leader ?? f.term ?? before.term ?? '?'}${votes}`, major: true, topic: 'leader' });
      } else if (r === 'follower') {
        if (role === 'leader') out.push({ text: 'stepped down as leader', major: true, topic: 'leader' });
        else if (role === 'candidate' || role === 'precandidate') out.push({ text: 'gave up its candidacy', major: true, topic: 'election' });
        else out.push({ text: 'is a follower', major: false, topic: 'term' });
      }
      role = r;
    }
    return out;
  }

  private deliver(f: Facts, from: number, id: MessageId, type: string, before: Tracked): void {
    const n = this.name;
    const self = n(f.node);
    const src = n(from);
    const msg = this.msgOf(id);
    const msgTerm = num(msg?.term);
    const reply = f.sends.find((s) => s.to === from && s.msg.type.endsWith('Response'))?.msg as Msg | undefined;
    const newTerm = f.term !== null ? `learned of term ${f.term} from ${src}` : null;

    switch (type) {
      case 'PreVote': {
        const granted = reply?.granted === true;
        let why = '';
        if (!granted && reply) {
          if (before.role === 'leader') why = ' (it is the leader)';
          else if (msgTerm !== null && before.term !== null && msgTerm <= before.term) why = ` (its own term is already ${before.term})`;
          else if (before.leader !== null && before.role === 'follower') why = ` (it still hears from leader ${n(before.leader)})`;
          // Otherwise the candidate's log is behind, or the trace does not say enough to tell.
        }
        const text = `${self} ${granted ? 'granted' : 'refused'} ${src} a pre-vote for term ${msgTerm ?? '?'}${why}`;
        return this.emit(f, text, granted ? 'minor' : 'major', 'vote');
      }
      case 'RequestVote': {
        const granted = reply?.granted === true;
        const term = f.term ?? before.term ?? msgTerm ?? 0;
        const clauses: string[] = [];
        if (newTerm) clauses.push(newTerm);
        for (const c of this.roleClauses(f, before)) if (c.text !== 'is a follower') clauses.push(c.text);
        let decision: string;
        if (granted) decision = newTerm ? `voted for ${src}` : `voted for ${src} in term ${term}`;
        else {
          let why: string;
          if (msgTerm !== null && msgTerm < term) why = `stale term ${msgTerm} < ${term}`;
          else if (before.votedFor !== null && before.votedFor !== from && f.term === null) why = `it already voted for ${n(before.votedFor)}`;
          else why = `${src}'s log is less up to date`;
          decision = `refused to vote for ${src} in term ${term} (${why})`;
        }
        clauses.push(decision);
        return this.emit(f, `${self} ${joinClauses(clauses)}`, 'major', 'vote');
      }
      case 'RequestVoteResponse':
      case 'PreVoteResponse': {
        const pre = type === 'PreVoteResponse';
        const t = this.node(f.node);
        const granted = msg?.granted === true;
        const tally = t.tally;
        if (tally && tally.pre === pre && (pre || msgTerm === tally.term) && msg) {
          const list = granted ? tally.granted : tally.refused;
          if (!list.includes(from)) list.push(from);
        }
        if (has(f, 'candidate') && pre && tally) {
          const rest = this.roleClauses(f, before, ['candidate']);
          const tail = rest.length > 0 ? `; it ${joinClauses(rest.map((c) => c.text))}` : '';
          const asked = f.sends.filter((s) => s.msg.type === 'RequestVote').map((s) => s.to);
          const ask = asked.length > 0 ? `, votes for itself and asks ${listNames(asked, n)} for votes` : ' and votes for itself';
          return this.emit(
            f,
            `${self} won a majority of pre-votes (${listNames(tally.granted, n)}): it is now a candidate in term ${f.election ?? f.term ?? '?'}${ask}${tail}`,
            'major',
            'election',
          );
        }
        if (has(f, 'leader')) {
          const votes = tally && !tally.pre ? ` with votes from ${listNames(tally.granted, n)}` : '';
          return this.emit(f, `${self} won the election for term ${f.leader ?? before.term ?? '?'}${votes}`, 'major', 'leader');
        }
        if (has(f, 'follower')) {
          if (newTerm) return this.emit(f, `${self} ${newTerm} and gave up its candidacy`, 'major', 'election');
          const refused = tally ? ` (refused by ${listNames(tally.refused, n)})` : '';
          const what = pre ? 'pre-vote' : 'election';
          return this.emit(f, `${self} lost the ${what} for term ${tally?.term ?? before.term ?? '?'}${refused}: it waits as a follower`, 'major', 'election');
        }
        const count = tally ? ` (${tally.granted.length} granted so far, counting its own)` : '';
        const kind = pre ? 'pre-vote' : 'vote';
        return this.emit(f, `${self} got ${granted ? `a ${kind}` : `a refused ${kind}`} from ${src}${count}`, 'minor', 'vote');
      }
      case 'AppendEntries':
        return this.appendEntries(f, from, msg, reply, before);
      case 'AppendEntriesResponse':
        return this.appendResponse(f, from, msg, before);
      case 'InstallSnapshot':
        return this.installSnapshot(f, from, msg, reply, before);
      case 'InstallSnapshotResponse':
        return this.snapshotResponse(f, from, msg, before);
      case 'ClientRequest': {
        const opId = num(msg?.opId);
        const user = opId !== null && opId >= USER_OP_BASE;
        const command = msg?.command as ({ type: string } & Record<string, unknown>) | undefined;
        const what = command ? commandText(command, n) : 'request';
        const ret = f.returns.find((r) => r.opId === opId);
        const range = rangeOfAppends(f.appends);
        let outcome: string;
        if (range) outcome = `appended it at index ${range.last}`;
        else if (ret) outcome = resultText(ret.result, n);
        else if (f.sends.some((s) => s.msg.type === 'AppendEntries')) outcome = 'checks it still leads before answering';
        else outcome = 'ignored it (a duplicate)';
        return this.emit(f, `${self} got ${src}'s forwarded ${user ? "user's " : ''}request to ${what}: ${outcome}`, user ? 'major' : 'minor', 'client');
      }
      default:
        return this.emit(f, `${self} received ${type} from ${src}`, 'minor', 'message');
    }
  }

  private appendEntries(f: Facts, from: number, msg: Msg | undefined, reply: Msg | undefined, before: Tracked): void {
    const n = this.name;
    const self = n(f.node);
    const src = n(from);
    const msgTerm = num(msg?.term);
    const replyTerm = num(reply?.term);
    if (reply && reply.success === false && msgTerm !== null && replyTerm !== null && msgTerm < replyTerm) {
      return this.emit(f, `${self} rejected AppendEntries from ${src} (stale term ${msgTerm} < ${replyTerm})`, 'major', 'reject');
    }
    const clauses: Clause[] = [];
    if (f.term !== null) clauses.push({ text: `learned of term ${f.term} from ${src}`, major: true, topic: 'term' });
    const stepped = this.roleClauses(f, before).filter((c) => c.text !== 'is a follower');
    clauses.push(...stepped);
    const newLeader = before.leader !== from && !before.leaderUnknown;
    if (newLeader || stepped.length > 0 || f.term !== null) {
      clauses.push({ text: `now follows leader ${src}${f.term === null && before.term !== null ? ` in term ${before.term}` : ''}`, major: true, topic: 'leader' });
    }
    if (reply && reply.success === false) {
      const prev = num(msg?.prevLogIndex) ?? num(reply.rejectedIndex) ?? 0;
      const prevTerm = num(msg?.prevLogTerm);
      const len = before.logLength;
      const why =
        len !== null && prev > len
          ? `its log is too short (it has ${len} entries, ${src} asked about entry ${prev})`
          : `its entry ${prev} is not of term ${prevTerm ?? '?'}`;
      clauses.push({ text: `rejected ${src}'s AppendEntries: ${why}`, major: true, topic: 'reject' });
    }
    if (f.truncateFrom !== null) {
      const end = before.logLength;
      const what = end !== null && end >= f.truncateFrom ? entryRange(f.truncateFrom, end) : `entries from ${f.truncateFrom} on`;
      clauses.push({ text: `removed its conflicting ${what}`, major: true, topic: 'log' });
    }
    const range = rangeOfAppends(f.appends);
    if (range) clauses.push({ text: `appended ${entryRange(range.first, range.last)} (${termsText(range.terms)})`, major: false, topic: 'log' });
    if (f.config) clauses.push({ text: `now uses configuration {${f.config.map(n).join(', ')}}`, major: true, topic: 'config' });
    if (f.commit !== null) clauses.push({ text: `learned that entries up to ${f.commit} are committed`, major: false, topic: 'commit' });
    const took = tookSnapshot(f);
    if (took) clauses.push(took);
    if (clauses.length === 0) {
      const beat = msg && Array.isArray(msg.entries) && msg.entries.length === 0;
      return this.emit(f, beat ? `${self} got a heartbeat from ${src}` : `${self} got AppendEntries from ${src} (it already had those entries)`, 'minor', 'message');
    }
    this.emitClauses(f, self, clauses);
  }

  private appendResponse(f: Facts, from: number, msg: Msg | undefined, before: Tracked): void {
    const n = this.name;
    const self = n(f.node);
    const src = n(from);
    if (f.term !== null) return this.learnedTermFromReply(f, self, src, before);
    if (f.commit !== null && before.role === 'leader') {
      const term = before.term;
      const first = term !== null && this.node(f.node).committedAsLeaderIn !== term;
      if (term !== null) this.node(f.node).committedAsLeaderIn = term;
      const writes = f.returns.filter((r) => r.opId < USER_OP_BASE).length;
      const answered = writes > 0 ? ` and answered ${writes} client ${writes === 1 ? 'request' : 'requests'}` : '';
      const established = first ? ` (its first commit in term ${term}: every earlier entry is committed with it)` : '';
      const took = tookSnapshot(f, true);
      const snap = took ? `; it ${took.text}` : '';
      return this.emit(f, `${self} committed entries up to ${f.commit}${established}${answered}${snap}`, first || took ? 'major' : 'minor', 'commit');
    }
    if (msg && msg.success === false) {
      const retry = f.sends.find((s) => s.to === from && s.msg.type === 'AppendEntries')?.msg as Msg | undefined;
      const snapshot = f.sends.find((s) => s.to === from && s.msg.type === 'InstallSnapshot')?.msg as Msg | undefined;
      const again = retry
        ? ` and retries from index ${(num(retry.prevLogIndex) ?? 0) + 1}`
        : snapshot
          ? ` and sends its snapshot up to index ${String(snapshot.lastIncludedIndex)} instead (the entries it needs were compacted)`
          : '';
      return this.emit(f, `${self} learned that ${src}'s log does not match at index ${String(msg.rejectedIndex)}${again}`, 'minor', 'reject');
    }
    if (msg && msg.success === true) {
      return this.emit(f, `${src} confirmed to ${self} that it holds entries up to ${String(msg.matchIndex)}`, 'minor', 'message');
    }
    this.emit(f, `${self} got an AppendEntries reply from ${src}`, 'minor', 'message');
  }

  /** Figure 13 at the follower: refused (stale term), installed, or already covered. */
  private installSnapshot(f: Facts, from: number, msg: Msg | undefined, reply: Msg | undefined, before: Tracked): void {
    const n = this.name;
    const self = n(f.node);
    const src = n(from);
    const msgTerm = num(msg?.term);
    const replyTerm = num(reply?.term);
    const index = num(msg?.lastIncludedIndex) ?? f.snapshot?.index ?? 0;
    if (msgTerm !== null && replyTerm !== null && msgTerm < replyTerm) {
      return this.emit(f, `${self} refused ${src}'s snapshot (stale term ${msgTerm} < ${replyTerm})`, 'major', 'reject');
    }
    const clauses: Clause[] = [];
    if (f.term !== null) clauses.push({ text: `learned of term ${f.term} from ${src}`, major: true, topic: 'term' });
    clauses.push(...this.roleClauses(f, before).filter((c) => c.text !== 'is a follower'));
    if (before.leader !== from && !before.leaderUnknown) clauses.push({ text: `now follows leader ${src}`, major: true, topic: 'leader' });
    if (f.snapshot) {
      const term = f.snapshot.term;
      clauses.push({
        text: `installed ${src}'s snapshot up to index ${index} (term ${term}): the entries it lacked were compacted, so the state machine and the configuration come from the snapshot`,
        major: true,
        topic: 'log',
      });
      if (f.config) clauses.push({ text: `now uses configuration {${f.config.map(n).join(', ')}}`, major: true, topic: 'config' });
    } else {
      clauses.push({ text: `got ${src}'s snapshot up to index ${index}, but had already committed that far`, major: false, topic: 'message' });
    }
    this.emitClauses(f, self, clauses);
  }

  /** A reply that carried a higher term: the sender of the request learns it (and a leader steps down). */
  private learnedTermFromReply(f: Facts, self: string, src: string, before: Tracked): void {
    const role = before.role === 'leader' ? ' and stepped down as leader' : '';
    this.emit(f, `${self} learned of term ${f.term} from ${src}'s reply${role}`, 'major', 'leader');
  }

  /** The leader learns how far the follower holds the log now. */
  private snapshotResponse(f: Facts, from: number, msg: Msg | undefined, before: Tracked): void {
    const n = this.name;
    const self = n(f.node);
    const src = n(from);
    if (f.term !== null) return this.learnedTermFromReply(f, self, src, before);
    const holds = `${src} confirmed to ${self} that it installed the snapshot and holds entries up to ${String(msg?.matchIndex ?? '?')}`;
    const more = f.sends.some((s) => s.to === from && s.msg.type === 'AppendEntries') ? `; ${self} sends it the entries after` : '';
    const commit = f.commit !== null ? `; ${self} committed entries up to ${f.commit}` : '';
    this.emit(f, `${holds}${more}${commit}`, 'minor', 'message');
  }

  private invoke(f: Facts, e: Invoke, before: Tracked, cause: ActionEvent | null): void {
    const n = this.name;
    const self = n(f.node);
    const user = e.opId >= USER_OP_BASE || cause !== null;
    const command = e.command as { type: string } & Record<string, unknown>;
    const who = cause ? this.actorOf(cause) : user ? this.userName : 'A client';
    const head = `${who} asked ${self} to ${commandText(command, n)}`;
    const ret = f.returns.find((r) => r.opId === e.opId);
    const range = rangeOfAppends(f.appends);
    const forward = f.sends.find((s) => s.msg.type === 'ClientRequest');
    let outcome: string;
    let major = user;
    if (command.type === 'forceElection' && (has(f, 'candidate') || has(f, 'leader'))) {
      outcome = `it ${joinClauses(this.roleClauses(f, before).map((c) => c.text))}`;
      major = true;
    } else if (ret && (ret.result as { ok?: unknown } | null)?.ok === false) {
      outcome = `${self} ${resultText(ret.result, n)}`;
    } else if (forward) {
      outcome = `${self} forwards it to leader ${n(forward.to)}`;
    } else if (range) {
      outcome = `${self} leads and appended it at index ${range.last}`;
      if (f.config) outcome += `; it now uses configuration {${f.config.map(n).join(', ')}}`;
      if (f.commit !== null) outcome += ` and committed it`;
    } else if (command.type === 'read' && f.sends.some((s) => s.msg.type === 'AppendEntries')) {
      outcome = `${self} leads and first checks with a heartbeat round that it still does`;
    } else if (ret) {
      outcome = `${self} answered: ${resultText(ret.result, n)}`;
    } else {
      outcome = `${self} is working on it`;
    }
    this.emit(f, `${head}: ${outcome}`, major ? 'major' : 'minor', command.type === 'forceElection' ? 'election' : 'client');
  }

  private start(f: Facts, cause: ActionEvent | null): void {
    const self = this.name(f.node);
    const e = f.trigger as Extract<TraceEvent, { kind: 'start' }>;
    const byAction = cause !== null;
    const head = cause ? `${this.actorOf(cause)} restarted ${self}` : e.recovered ? `${self} restarted` : `${self} started`;
    if (f.recover) {
      const r = f.recover;
      const vote = r.votedFor !== null ? `, its vote for ${this.name(r.votedFor)}` : '';
      const after = r.logLength - r.snapshotIndex;
      const log =
        r.snapshotIndex > 0
          ? `its snapshot up to index ${r.snapshotIndex} and the ${after} log ${after === 1 ? 'entry' : 'entries'} after it`
          : `${r.logLength} log ${r.logLength === 1 ? 'entry' : 'entries'}`;
      this.emit(f, `${head}: it recovered term ${r.term}${vote} and ${log} from disk and waits as a follower`, 'major', 'restart');
    } else if (e.recovered || byAction) {
      this.emit(f, `${head} with an empty disk; it waits as a follower`, 'major', 'restart');
    } else {
      this.emit(f, `${head} as a follower`, 'minor', 'restart');
    }
  }

  private generic(f: Facts, before: Tracked): void {
    const clauses = this.roleClauses(f, before);
    if (f.term !== null) clauses.unshift({ text: `moved to term ${f.term}`, major: true, topic: 'term' });
    if (f.truncateFrom !== null) clauses.push({ text: `removed entries from ${f.truncateFrom} on`, major: true, topic: 'log' });
    const range = rangeOfAppends(f.appends);
    if (range) clauses.push({ text: `appended ${entryRange(range.first, range.last)}`, major: false, topic: 'log' });
    if (f.commit !== null) clauses.push({ text: `committed entries up to ${f.commit}`, major: false, topic: 'commit' });
    const took = tookSnapshot(f);
    if (took) clauses.push(took);
    if (clauses.length > 0) this.emitClauses(f, this.name(f.node), clauses);
  }

  private emitClauses(f: Facts, subject: string, clauses: Clause[]): void {
    const major = clauses.some((c) => c.major);
    const topic = (clauses.find((c) => c.major) ?? clauses[0]!).topic;
    this.emit(f, `${subject} ${joinClauses(clauses.map((c) => c.text))}`, major ? 'major' : 'minor', topic);
  }

  /** Folds a step's observations into what we know of its node. */
  private apply(f: Facts): void {
    const t = this.node(f.node);
    const e = f.trigger;
    if (e.kind === 'crash') {
      Object.assign(t, { role: null, leader: null, commitIndex: 0, tally: null, committedAsLeaderIn: null });
      return;
    }
    if (e.kind === 'start') {
      Object.assign(t, { role: 'follower', leader: null, commitIndex: 0, tally: null, committedAsLeaderIn: null });
      if (!f.recover) Object.assign(t, { term: 0, votedFor: null, logLength: 0 });
    }
    if (f.recover) Object.assign(t, { term: f.recover.term, votedFor: f.recover.votedFor, logLength: f.recover.logLength });
    if (f.term !== null) {
      t.term = f.term;
      t.votedFor = null;
    }
    for (const v of f.votes) t.votedFor = v.for;
    for (const role of f.roles) {
      if (role === 'precandidate') {
        const pv = f.sends.find((s) => s.msg.type === 'PreVote');
        t.tally = { pre: true, term: num(pv?.msg && (pv.msg as Msg).term) ?? (t.term ?? 0) + 1, granted: [f.node], refused: [] };
        t.leader = null;
      } else if (role === 'candidate') {
        t.tally = { pre: false, term: f.election ?? t.term ?? 0, granted: [f.node], refused: [] };
        t.leader = null;
      } else if (role === 'leader') {
        t.leader = f.node;
      } else {
        t.tally = null;
        t.leader = null;
      }
      t.role = role;
    }
    // Campaigning again in the same role (the timer fired once more) starts a new count too.
    if (f.election !== null && !has(f, 'candidate')) {
      t.tally = { pre: false, term: f.election, granted: [f.node], refused: [] };
    } else if (!has(f, 'precandidate') && e.kind === 'timer' && f.sends.some((x) => x.msg.type === 'PreVote')) {
      const pv = f.sends.find((x) => x.msg.type === 'PreVote');
      t.tally = { pre: true, term: num((pv!.msg as Msg).term) ?? (t.term ?? 0) + 1, granted: [f.node], refused: [] };
    }
    const leaderNews = f.roles.length > 0 || f.term !== null || (e.kind === 'deliver' && e.msgType === 'AppendEntries');
    if (leaderNews) t.leaderUnknown = false;
    if (e.kind === 'deliver' && e.msgType === 'AppendEntries') {
      const msg = this.msgOf(e.id);
      const msgTerm = num(msg?.term);
      if (msgTerm === null || t.term === null || msgTerm >= t.term) t.leader = e.from;
    }
    if (f.truncateFrom !== null) t.logLength = f.truncateFrom - 1;
    // An installed snapshot may or may not keep the log after it (Figure 13, steps 6 and 7).
    if (f.snapshot && f.snapshot.from !== null) t.logLength = t.logLength !== null && t.logLength <= f.snapshot.index ? f.snapshot.index : null;
    if (f.snapshot && f.snapshot.index > t.commitIndex) t.commitIndex = f.snapshot.index;
    const range = rangeOfAppends(f.appends);
    if (range) t.logLength = range.last;
    if (f.commit !== null) t.commitIndex = f.commit;
    if (f.commit !== null && t.role === 'leader' && t.term !== null) t.committedAsLeaderIn = t.term;
  }
}

/** Raft's narrator, for the describer (app/narrate/describer.ts). */
export const raftNarrator: NarratorFactory = (tools) => new RaftNarrator(tools);

/** Sentences for a whole Raft trace (in canonical order), oldest first. */
export function describeTrace(events: readonly TraceEvent[], options: DescribeOptions = {}): LogLine[] {
  return narrateTrace(events, raftNarrator, options);
}
