import type { NodeContext, NodeId } from '../../kernel/protocol';
import type { PrimaryReplicaConfig } from './config';
import type { DcsState, LeaseKey, PrMessage } from './types';

/**
 * The lease store: what Patroni keeps in its DCS (etcd, Consul, ZooKeeper), here one node with
 * one key, the leader lease, whose updates are compare-and-set (Patroni's `update_leader` and
 * `attempt_to_acquire_leader`). It stands for a consensus cluster, so it is trusted to be
 * linearizable; it can still crash, be paused or be cut off like any node. Every epoch is born
 * here: an acquisition takes the key with the next epoch, so no two primaries share one.
 */
type Ctx = NodeContext<PrMessage>;
const LEASE_KEY = 'lease';

export function initDcs(ctx: Ctx, config: PrimaryReplicaConfig, firstPrimary: NodeId | null): DcsState {
  // The cluster is bootstrapped with its first server holding the key in epoch 1 (patroni
  // bootstrap: the first member initialises the cluster and takes the leader key).
  const stored = ctx.durable.get<LeaseKey>(LEASE_KEY);
  const lease: LeaseKey = stored ?? { holder: firstPrimary, epoch: firstPrimary === null ? 0 : 1, expiresAtUs: config.ttlUs, optime: 0 };
  if (!stored) ctx.durable.put(LEASE_KEY, lease);
  return { kind: 'dcs', config, lease };
}

const expired = (state: DcsState, ctx: Ctx) => state.lease.holder === null || ctx.now() >= state.lease.expiresAtUs;

function leaseState(state: DcsState, ctx: Ctx, attempt?: number): PrMessage {
  const l = state.lease;
  return { type: 'LeaseState', holder: l.holder, epoch: l.epoch, expired: expired(state, ctx), optime: l.optime, ...(attempt === undefined ? {} : { attempt }) };
}

export function dcsMessage(state: DcsState, ctx: Ctx, from: NodeId, msg: PrMessage): void {
  const c = state.config;
  switch (msg.type) {
    case 'ReadLease':
      ctx.send(from, leaseState(state, ctx));
      return;
    case 'RenewLease':
      // Compare-and-set on (holder, epoch): only the holder of this very epoch may renew, even
      // after expiry as long as nobody took the key meanwhile (Patroni does the same).
      if (state.lease.holder === from && state.lease.epoch === msg.epoch) {
        state.lease = { ...state.lease, expiresAtUs: ctx.now() + c.ttlUs, optime: msg.optime };
        ctx.durable.put(LEASE_KEY, state.lease);
        ctx.send(from, { type: 'LeaseRenewed', epoch: msg.epoch, attempt: msg.attempt, ttlUs: c.ttlUs });
      } else {
        ctx.send(from, leaseState(state, ctx, msg.attempt));
      }
      return;
    case 'AcquireLease':
      if (msg.force || expired(state, ctx)) {
        const epoch = state.lease.epoch + 1;
        state.lease = { holder: from, epoch, expiresAtUs: ctx.now() + c.ttlUs, optime: msg.last };
        ctx.durable.put(LEASE_KEY, state.lease);
        ctx.observe('granted', { holder: from, epoch, forced: msg.force });
        ctx.send(from, { type: 'LeaseGranted', epoch });
      } else {
        ctx.send(from, leaseState(state, ctx));
      }
      return;
    default:
      return;
  }
}

export function dcsView(state: DcsState) {
  return { kind: 'dcs', holder: state.lease.holder, epoch: state.lease.epoch, expiresAtUs: state.lease.expiresAtUs, optime: state.lease.optime };
}
