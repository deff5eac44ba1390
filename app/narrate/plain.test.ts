import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../engine/kernel/trace';
import type { ObservationUi } from '../protocols/ui';
import { describeTrace } from './describer';
import { mergeClauses, plainNarrator } from './plain';

/** A made-up protocol: nodes "hum" every so often and observe "tune" changes. */
const observations: Record<string, ObservationUi> = {
  tune: { narrate: (data, name) => ({ text: `tunes to ${name(Number(data.to))}`, note: 'in harmony', major: true, topic: 'tune' }) },
  quiet: {},
};

let seq = 0;
const ev = (e: Record<string, unknown>) => ({ incarnation: 0, seq: ++seq, ...e }) as TraceEvent;
const id = (from: number, fromSeq: number) => ({ from, fromIncarnation: 0, fromSeq });

describe('the plain narrator', () => {
  it('merges clauses of one verb, topic and note', () => {
    const c = (text: string, note?: string) => ({ text, note, major: false, topic: 't' });
    expect(mergeClauses([c('suspects S2', 'x'), c('suspects S4', 'x'), c('trusts S1 again')]).map((m) => m.text)).toEqual(['suspects S2 and S4 (x)', 'trusts S1 again']);
    expect(mergeClauses([c('suspects S2', 'x'), c('suspects S4', 'y')]).map((m) => m.text)).toEqual(['suspects S2 (x)', 'suspects S4 (y)']);
  });

  it("says what a timer, a delivery and a client did, with the node's observations as clauses", () => {
    const trace = [
      ev({ kind: 'timer', at: 1000, node: 0, name: 'hum', id: 1 }),
      ev({ kind: 'send', at: 1000, node: 0, to: 1, id: id(0, 1), dueAt: 2000, msg: { type: 'Hum' } }),
      ev({ kind: 'send', at: 1000, node: 0, to: 2, id: id(0, 2), dueAt: 2000, msg: { type: 'Hum' } }),
      ev({ kind: 'observe', at: 1000, node: 0, what: 'tune', data: { to: 1 } }),
      ev({ kind: 'observe', at: 1000, node: 0, what: 'tune', data: { to: 2 } }),
      ev({ kind: 'observe', at: 1000, node: 0, what: 'quiet', data: {} }),
      ev({ kind: 'deliver', at: 2000, node: 1, from: 0, id: id(0, 1), sentAt: 1000, msgType: 'Hum' }),
      ev({ kind: 'send', at: 2000, node: 1, to: 0, id: id(1, 1), dueAt: 3000, msg: { type: 'HumBack' } }),
      ev({ kind: 'invoke', at: 3000, node: 2, opId: 2 ** 30 + 1, command: { type: 'Sing', value: 7 } }),
      ev({ kind: 'return', at: 3000, node: 2, opId: 2 ** 30 + 1, result: { sang: 7 } }),
    ];
    const lines = describeTrace(trace, plainNarrator(observations)).map((l) => [l.text, l.importance, l.topic]);
    expect(lines).toEqual([
      ['S1 sent Hum to S2 and S3; it tunes to S2 and to S3 (in harmony)', 'major', 'tune'],
      ['S2 got Hum from S1 and answered with HumBack', 'minor', 'message'],
      ['The user asked S3 to Sing 7: S3 answered: done ({"sang":7})', 'major', 'client'],
    ]);
  });
});
