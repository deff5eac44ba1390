import { USER_OP_BASE } from '../../engine/kernel/actions';
import { listNames } from '../lib/format';
import type { Clause, ObservationUi } from '../protocols/ui';
import { joinClauses, type ActionEvent, type Command, type Narrator, type NarratorFactory, type StepFacts } from './describer';

/**
 * A narrator for any protocol, from its observation descriptors (`ObservationUi.narrate`): a
 * timer fired and what the node sent, a message arrived and what the node answered, a client
 * asked and what it got, each followed by what the node observed ("; it suspects S3"). A
 * protocol may tune its words (`PlainWords`) or write a narrator of its own (Raft's).
 */
export interface PlainWords {
  /** What a timer firing did, when the node sent messages ("pings S2, S3 and S4"); default "sent Ping to …". */
  timer?(name: string, sent: { type: string; to: number[] }[], names: (ids: number[]) => string): string | null;
  /** A delivery, with the reply it caused if any ("answered S1's ping"); null: the default. */
  delivery?(type: string, from: string, replies: string[]): { text: string; major: boolean } | null;
  commandText?(command: Command, name: (id: number) => string): string;
  resultText?(result: unknown, name: (id: number) => string): string;
  /** What a crash keeps ("its boot count"). */
  keptOnCrash?: string;
}

const defaultCommand = (command: Command) => (command.value === undefined ? command.type : `${command.type} ${String(command.value)}`);
const defaultResult = (result: unknown) => {
  if (result && typeof result === 'object' && (result as { ok?: unknown }).ok === false) return `refused (${String((result as { error?: unknown }).error ?? 'failed')})`;
  return `done (${JSON.stringify(result)})`;
};

/** Sends grouped by message type, in the order first sent: [{ type: 'Ping', to: [1, 2] }]. */
function groupSends(f: StepFacts): { type: string; to: number[] }[] {
  const groups = new Map<string, number[]>();
  for (const s of f.sends) {
    const to = groups.get(s.msg.type) ?? [];
    to.push(s.to);
    groups.set(s.msg.type, to);
  }
  return [...groups].map(([type, to]) => ({ type, to }));
}

/** Clauses with the same verb, topic and note, said once: "suspects S2", "suspects S4" -> "suspects S2 and S4 (note)". */
export function mergeClauses(clauses: readonly Clause[]): Clause[] {
  const out: { verb: string; rests: string[]; clause: Clause }[] = [];
  for (const c of clauses) {
    const [verb = '', ...rest] = c.text.split(' ');
    const same = out.find((o) => o.verb === verb && o.clause.topic === c.topic && o.clause.note === c.note && rest.length > 0);
    if (same) {
      same.rests.push(rest.join(' '));
      same.clause = { ...same.clause, major: same.clause.major || c.major };
    } else {
      out.push({ verb, rests: [rest.join(' ')], clause: c });
    }
  }
  return out.map(({ verb, rests, clause }) => {
    const text = rests.length > 1 ? `${verb} ${joinClauses(rests)}` : clause.text;
    return { ...clause, text: clause.note ? `${text} (${clause.note})` : text };
  });
}

export function plainNarrator(observations: Readonly<Record<string, ObservationUi>>, words: PlainWords = {}): NarratorFactory {
  return (tools) => {
    const n = tools.name;
    const names = (ids: number[]) => listNames(ids, n);
    const commandText = words.commandText ?? defaultCommand;
    const resultText = words.resultText ?? defaultResult;

    const clausesOf = (f: StepFacts): Clause[] =>
      mergeClauses(
        f.observations.flatMap((o) => {
          const ui = Object.hasOwn(observations, o.what) ? observations[o.what] : undefined;
          return ui?.narrate ? [ui.narrate(o.data ?? {}, n)] : [];
        }),
      );

    const sentence = (f: StepFacts, head: string, headMajor: boolean, headTopic: string) => {
      const clauses = clausesOf(f);
      const major = headMajor || clauses.some((c) => c.major);
      const topic = (clauses.find((c) => c.major) ?? (headMajor ? null : clauses[0]))?.topic ?? headTopic;
      const tail = clauses.length > 0 ? `; it ${joinClauses(clauses.map((c) => c.text))}` : '';
      tools.emit(f, `${head}${tail}`, major ? 'major' : 'minor', topic);
    };

    const narrator: Narrator = {
      say(f: StepFacts, cause: ActionEvent | null) {
        const self = n(f.node);
        const e = f.trigger;
        switch (e.kind) {
          case 'timer': {
            const sent = groupSends(f);
            const did = sent.length === 0 ? null : (words.timer?.(e.name, sent, names) ?? `sent ${sent.map((g) => `${g.type} to ${names(g.to)}`).join(' and ')}`);
            return sentence(f, did ? `${self} ${did}` : `${self}'s ${e.name} timer fired`, false, 'message');
          }
          case 'deliver': {
            const replies = f.sends.filter((s) => s.to === e.from).map((s) => s.msg.type);
            const said = words.delivery?.(e.msgType, n(e.from), replies);
            const text = said?.text ?? `got ${e.msgType} from ${n(e.from)}${replies.length > 0 ? ` and answered with ${replies.join(', ')}` : ''}`;
            return sentence(f, `${self} ${text}`, said?.major ?? false, 'message');
          }
          case 'invoke': {
            const user = e.opId >= USER_OP_BASE || cause !== null;
            const who = cause ? tools.actorOf(cause) : user ? tools.userName : 'A client';
            const ret = f.returns.find((r) => r.opId === e.opId);
            const outcome = ret ? `${self} answered: ${resultText(ret.result, n)}` : `${self} is working on it`;
            return sentence(f, `${who} asked ${self} to ${commandText(e.command as Command, n)}: ${outcome}`, user, 'client');
          }
          case 'start': {
            const head = cause ? `${tools.actorOf(cause)} restarted ${self}` : e.recovered ? `${self} restarted` : `${self} started`;
            return sentence(f, e.recovered || cause ? `${head}: it recovers from its disk` : head, e.recovered || cause !== null, 'restart');
          }
          default: {
            // A step whose trigger fell off the kept trace: only what it observed speaks.
            const clauses = clausesOf(f);
            if (clauses.length === 0) return;
            const major = clauses.some((c) => c.major);
            const topic = (clauses.find((c) => c.major) ?? clauses[0]!).topic;
            tools.emit(f, `${self} ${joinClauses(clauses.map((c) => c.text))}`, major ? 'major' : 'minor', topic);
          }
        }
      },
      fold() {},
      messageName: (type) => type,
      commandText,
      resultText,
      keptOnCrash: words.keptOnCrash ?? 'what it wrote to disk',
      importantLoss: () => false,
      saidSending: (f) => f.trigger.kind === 'timer' && f.sends.length > 0,
      saysReplies: () => false,
      save: () => null,
      restore() {},
    };
    return narrator;
  };
}
