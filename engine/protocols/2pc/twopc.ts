import type { Protocol, Timer } from '../../kernel/protocol';
import { configureTwoPc, keyName, type TwoPcConfig } from './config';
import { beginTxn, initCoordinator, onAck, onQuery, onResend, onVote, onVoteTimeout } from './coordinator';
import { twoPcMonitors } from './monitor';
import { initParticipant, onAskPeer, onDecision, onInDoubt, onPrepare } from './participant';
import { initAcceptor, onDecided, onInquire, onNack, onPhase1a, onPhase1b, onPhase2a, onPhase2b, onTakeover } from './paxos-commit';
import type { TwoPcMessage, TwoPcState, TxnCommand } from './types';

/**
 * Two-phase commit with presumed abort: a coordinator (transaction manager) and participants
 * (resource managers) holding locks on their keys. See README.md; the coordinator's rules are in
 * coordinator.ts, the participants' in participant.ts.
 */
export const twoPc: Protocol<TwoPcState, TwoPcMessage, TxnCommand, TwoPcConfig> = {
  name: '2pc',
  title: 'Two-phase commit',

  topology: {
    main: 'participant',
    kinds: {
      participant: { prefix: 'P', title: 'Participant' },
      coordinator: { prefix: 'TM', title: 'Coordinator', defaultCount: 1 },
      // Paxos Commit's acceptors (commit: 'paxos'); none by default, so classic runs are unchanged.
      acceptor: { prefix: 'A', title: 'Acceptor' },
    },
  },

  configure: configureTwoPc,

  checkScenario(config, { topology }) {
    const coordinators = topology.groups.filter((g) => g.kind === 'coordinator').reduce((n, g) => n + g.count, 0);
    const participants = topology.groups.filter((g) => g.kind === 'participant').reduce((n, g) => n + g.count, 0);
    if (coordinators < 1) throw new RangeError('topology: 2pc needs at least one coordinator');
    if (participants < 1) throw new RangeError('topology: 2pc needs at least one participant');
    const acceptors = topology.groups.filter((g) => g.kind === 'acceptor').reduce((n, g) => n + g.count, 0);
    if (config.commit === 'paxos' && acceptors < 1) throw new RangeError('topology: Paxos Commit (commit: paxos) needs acceptors, 2F + 1 of them to survive F crashes (--group acceptor=3)');
  },

  init(ctx, config) {
    if (ctx.kind === 'acceptor') {
      const state: TwoPcState = { role: 'acceptor', config, records: {}, leading: {}, decided: {}, recent: [] };
      initAcceptor(ctx, state);
      return state;
    }
    if (ctx.kind === 'coordinator') {
      const state: TwoPcState = { role: 'coordinator', config, seq: 0, txns: {}, finished: [], leading: {} };
      initCoordinator(ctx, state);
      return state;
    }
    const state: TwoPcState = { role: 'participant', config, locks: {}, prepared: {}, data: {}, recent: [] };
    initParticipant(ctx, state);
    return state;
  },

  onMessage(state, ctx, from, msg) {
    if (state.role === 'acceptor') {
      if (msg.type === 'Phase2a') onPhase2a(ctx, state, from, msg.txid, msg.ballot, msg.votes, msg.participants, msg.leader);
      else if (msg.type === 'Phase1a') onPhase1a(ctx, state, from, msg.txid, msg.ballot);
      else if (msg.type === 'Phase1b') onPhase1b(ctx, state, from, msg.txid, msg.ballot, msg.accepted, msg.participants);
      else if (msg.type === 'Phase2b') onPhase2b(ctx, state, from, msg.txid, msg.ballot, msg.votes);
      else if (msg.type === 'Nack') onNack(ctx, state, msg.txid, msg.ballot);
      else if (msg.type === 'Decided') onDecided(state, msg.txid, msg.outcome);
      else if (msg.type === 'Inquire') onInquire(ctx, state, from, msg.txid, msg.participants);
      return;
    }
    if (state.role === 'coordinator') {
      if (msg.type === 'Phase2b') onPhase2b(ctx, state, from, msg.txid, msg.ballot, msg.votes);
      else if (msg.type === 'Phase1b') onPhase1b(ctx, state, from, msg.txid, msg.ballot, msg.accepted, msg.participants);
      else if (msg.type === 'Nack') onNack(ctx, state, msg.txid, msg.ballot);
      else if (msg.type === 'Vote') onVote(ctx, state, from, msg.txid, msg.yes);
      else if (msg.type === 'Ack') onAck(ctx, state, from, msg.txid);
      else if (msg.type === 'Query') onQuery(ctx, state, from, msg.txid);
      return;
    }
    if (msg.type === 'Prepare') onPrepare(ctx, state, from, msg.txid, msg.writes, msg.participants);
    else if (msg.type === 'AskPeer') onAskPeer(ctx, state, from, msg.txid);
    else if (msg.type === 'Commit') onDecision(ctx, state, from, msg.txid, 'commit');
    else if (msg.type === 'Abort') onDecision(ctx, state, from, msg.txid, 'abort');
  },

  onTimer(state, ctx, timer: Timer) {
    const txid = (timer.data as { txid?: string } | null)?.txid;
    if (typeof txid !== 'string') return;
    if (state.role === 'acceptor') {
      const participants = (timer.data as { participants?: number[] }).participants ?? [];
      if (timer.name === 'takeover') onTakeover(ctx, state, txid, participants);
      return;
    }
    if (state.role === 'coordinator') {
      if (timer.name === 'vote timeout') onVoteTimeout(ctx, state, txid);
      else if (timer.name === 'resend') onResend(ctx, state, txid);
      return;
    }
    if (timer.name === 'in doubt') onInDoubt(ctx, state, txid);
  },

  onCommand(state, ctx, command, opId) {
    if (state.role !== 'coordinator') return ctx.reply(opId, { ok: false, error: `${ctx.nameOf(ctx.self)} is ${state.role === 'acceptor' ? 'an acceptor' : 'a participant'}: send transactions to a coordinator` });
    if (command.type !== 'txn' || !Array.isArray(command.writes) || command.writes.length === 0) {
      return ctx.reply(opId, { ok: false, error: 'a transaction needs writes: [{ key, value }]' });
    }
    const writes = command.writes.filter((w) => typeof w?.key === 'string' && /^k[1-9][0-9]*$/.test(w.key) && Number(w.key.slice(1)) <= state.config.keys && typeof w.value === 'number');
    if (writes.length !== command.writes.length) return ctx.reply(opId, { ok: false, error: `keys are k1 to k${state.config.keys}, values numbers` });
    beginTxn(ctx, state, writes, opId);
  },

  view(state) {
    if (state.role === 'acceptor') {
      return {
        role: 'acceptor',
        mode: state.config.commit,
        // The latest transactions' instances: the promise and, per participant, the ballot and value accepted.
        records: state.recent.map((txid) => {
          const r = state.records[txid];
          return {
            txid,
            promised: r?.promised ?? -1,
            accepted: Object.entries(r?.accepted ?? {}).map(([rm, a]) => ({ rm: Number(rm), ballot: a.ballot, prepared: a.prepared })),
            outcome: state.decided[txid] ?? null,
          };
        }),
        leading: Object.entries(state.leading).map(([txid, l]) => ({ txid, ballot: l.ballot, phase: l.phase })),
      };
    }
    if (state.role === 'coordinator') {
      if (state.config.commit === 'paxos') {
        return {
          role: 'coordinator',
          mode: 'paxos',
          txns: Object.entries(state.leading).map(([txid, l]) => ({
            txid,
            phase: 'preparing',
            participants: l.participants,
            votes: l.participants.map((p) => (l.chosen[p] === undefined ? null : l.chosen[p])),
            acks: [],
            keys: [],
            startedUs: l.startedUs,
            reason: l.ballot === 0 ? null : `ballot ${l.ballot}, ${l.phase}`,
          })),
          finished: state.finished,
        };
      }
      return {
        role: 'coordinator',
        txns: Object.values(state.txns).map((t) => ({
          txid: t.txid,
          phase: t.phase,
          participants: t.participants,
          votes: t.participants.map((p) => (t.votes[p] === undefined ? null : t.votes[p])),
          acks: t.acks,
          keys: t.writes.map((w) => w.key),
          startedUs: t.startedUs,
          reason: t.reason,
        })),
        finished: state.finished,
      };
    }
    return {
      role: 'participant',
      locks: state.locks,
      prepared: Object.entries(state.prepared).map(([txid, p]) => ({ txid, coordinator: p.coordinator, keys: p.writes.map((w) => w.key), preparedUs: p.preparedUs })),
      data: state.data,
      recent: state.recent,
    };
  },

  monitors(config, nodeCount, run) {
    return twoPcMonitors(config, nodeCount, run);
  },

  workload(config) {
    return {
      intervalUs: config.txnIntervalUs,
      target: 'coordinator',
      makeCommand(n, random) {
        const picked = random.shuffled(Array.from({ length: config.keys }, (_, i) => i)).slice(0, config.keysPerTxn).sort((a, b) => a - b);
        return { type: 'txn', writes: picked.map((i) => ({ key: keyName(i), value: n })) };
      },
    };
  },
};
