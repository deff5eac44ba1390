import type { Protocol, Timer } from '../../kernel/protocol';
import { CART_ITEMS, configureMultiLeader, keyName, type MultiLeaderConfig } from './config';
import { counterValue, orElements } from './crdt';
import { initLeader, onAdd, onAntiEntropy, onIncrement, onRemove, onReplicate, onSet, onSync } from './leader';
import { multiLeaderMonitors } from './monitor';
import { MAX_SKEW_MS } from './config';
import type { LeaderState, MultiLeaderCommand, MultiLeaderMessage } from './types';

/**
 * Multi-leader replication: one leader per datacenter, each accepting writes locally and
 * replicating them asynchronously to the others; conflicts resolved three ways side by side
 * (last writer wins, siblings, CRDTs). See README.md; the leader's rules are in leader.ts, the
 * data types in crdt.ts, the invariants in monitor.ts.
 */
export const multiLeader: Protocol<LeaderState, MultiLeaderMessage, MultiLeaderCommand, MultiLeaderConfig> = {
  name: 'multi-leader',
  title: 'Multi-leader replication',

  topology: {
    main: 'leader',
    kinds: { leader: { prefix: 'L', title: 'Leader' } },
  },

  configure: configureMultiLeader,

  checkScenario(config, { topology }) {
    const leaders = topology.groups.filter((g) => g.kind === 'leader').reduce((n, g) => n + g.count, 0);
    if (leaders < 2) throw new RangeError('topology: multi-leader needs at least two leaders');
    if (config.clockSkewUs.length > leaders) throw new RangeError(`clockSkewMs: ${config.clockSkewUs.length} skews for ${leaders} leaders`);
  },

  init(ctx, config) {
    return initLeader(ctx, config);
  },

  onMessage(state, ctx, _from, msg) {
    if (msg.type === 'Replicate') onReplicate(ctx, state, msg);
    else if (msg.type === 'Sync') onSync(ctx, state, msg);
  },

  onTimer(state, ctx, timer: Timer) {
    if (timer.name === 'anti-entropy') onAntiEntropy(ctx, state);
  },

  onCommand(state, ctx, command, opId) {
    switch (command.type) {
      case 'set': {
        if (typeof command.key !== 'string' || !(command.key in state.registers) || typeof command.value !== 'number' || !Number.isFinite(command.value)) {
          return ctx.reply(opId, { ok: false, error: `keys are k1 to k${state.config.keys}, values numbers` });
        }
        const { id } = onSet(ctx, state, command.key, command.value);
        // Acknowledged either way: last writer wins never tells the client its write was already beaten.
        return ctx.reply(opId, { ok: true, id });
      }
      case 'incr': {
        if (typeof command.by !== 'number' || !Number.isInteger(command.by)) return ctx.reply(opId, { ok: false, error: 'by must be a whole number' });
        onIncrement(ctx, state, command.by);
        return ctx.reply(opId, { ok: true });
      }
      case 'add':
      case 'remove': {
        if (typeof command.element !== 'string' || !(CART_ITEMS as readonly string[]).includes(command.element)) {
          return ctx.reply(opId, { ok: false, error: `elements are ${CART_ITEMS.join(', ')}` });
        }
        if (command.type === 'add') onAdd(ctx, state, command.element);
        else onRemove(ctx, state, command.element);
        return ctx.reply(opId, { ok: true });
      }
      case 'get': {
        const reg = typeof command.key === 'string' ? state.registers[command.key] : undefined;
        return ctx.reply(opId, {
          ok: true,
          ...(reg ? { lww: reg.lww?.value ?? null, siblings: reg.mv.versions.map((w) => w.value) } : {}),
          likes: counterValue(state.counter),
          cart: orElements(state.cart),
        });
      }
      case 'skew': {
        if (typeof command.ms !== 'number' || !Number.isFinite(command.ms)) return ctx.reply(opId, { ok: false, error: 'ms must be a number' });
        state.skewUs = Math.round(Math.min(MAX_SKEW_MS, Math.max(-MAX_SKEW_MS, command.ms)) * 1000);
        // A clock is hardware: a restart keeps its skew.
        ctx.durable.put('skew', state.skewUs);
        ctx.observe('skew', { ms: state.skewUs / 1000 });
        return ctx.reply(opId, { ok: true });
      }
      default:
        return ctx.reply(opId, { ok: false, error: 'commands: set, incr, add, remove, get, skew' });
    }
  },

  view(state) {
    return {
      skewMs: state.skewUs / 1000,
      registers: Object.entries(state.registers).map(([key, r]) => ({
        key,
        lww: r.lww === null ? null : { value: r.lww.value, writer: r.lww.writer, ts: r.lww.ts, id: r.lww.id },
        siblings: r.mv.versions.map((w) => ({ value: w.value, writer: w.writer, id: w.id })),
      })),
      counter: { value: counterValue(state.counter), p: state.counter.p, n: state.counter.n },
      cart: orElements(state.cart),
      lost: state.lost,
    };
  },

  monitors(config, nodeCount, run) {
    return multiLeaderMonitors(config, nodeCount, run);
  },

  workload(config) {
    return {
      intervalUs: config.opIntervalUs,
      target: 'leader',
      makeCommand(n, random): MultiLeaderCommand {
        // Operation n is issued at (n + 1) x interval (scenario/workload.ts): past the quiet
        // time the load only reads, so the leaders can converge.
        const quiet = config.quietAfterUs > 0 && (n + 1) * config.opIntervalUs >= config.quietAfterUs;
        const key = keyName(random.int(0, config.keys - 1));
        if (quiet) return { type: 'get', key };
        const draw = random.int(0, 9);
        if (draw <= 4) return { type: 'set', key, value: n };
        if (draw <= 6) return { type: 'incr', by: random.int(0, 3) === 0 ? -1 : random.int(1, 3) };
        const element = random.pick(CART_ITEMS);
        return draw <= 8 ? { type: 'add', element } : { type: 'remove', element };
      },
    };
  },
};
