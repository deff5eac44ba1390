import * as v from 'valibot';
import type { ExperimentVocabulary, MeasureState } from '../../experiments/contract';
import type { TraceEvent } from '../../kernel/trace';
import { pausedHolderScenario } from './scenarios';

/**
 * The lock service in experiments (engine/experiments/contract.ts). A step `locks.pauseHolder`
 * freezes whichever client first holds the lock after `atMs`, for `pauseMs`; measures count the
 * writes the storage accepted from a holder whose lease had run out (`locks.unsafeWrites`) and
 * the stale writes it refused (`locks.staleWritesRefused`). The built-in `locks-pause-vs-ttl`
 * runs the paused-holder scenario with the lease TTL below and above the pause, fencing off and on.
 */
function unsafeWrites(): MeasureState {
  const validUntil = new Map<string, number>();
  let count = 0;
  return {
    push(e: TraceEvent) {
      if (e.kind !== 'observe') return;
      const d = (e.data ?? {}) as Record<string, number>;
      if (e.what === 'acquired' || e.what === 'extended') validUntil.set(`${e.node}:${d.attempt}`, d.validUntilUs!);
      else if (e.what === 'writeAccepted') {
        const until = validUntil.get(`${d.client}:${d.attempt}`);
        if (until !== undefined && e.at >= until) count++;
      }
    },
    done: false,
    value: () => count,
  };
}

function observedCount(what: string): () => MeasureState {
  return () => {
    let count = 0;
    return {
      push(e: TraceEvent) {
        if (e.kind === 'observe' && e.what === what) count++;
      },
      done: false,
      value: () => count,
    };
  };
}

const HOLDER_WAIT_US = 5_000_000;

export const locksExperiments: ExperimentVocabulary = {
  steps: {
    pauseHolder: {
      schema: v.strictObject({ pauseMs: v.pipe(v.number(), v.minValue(1), v.maxValue(600_000)) }),
      explain: 'freezes the first client that holds the lock at or after atMs, for pauseMs, then resumes it',
      run(step, control) {
        const deadline = control.now() + HOLDER_WAIT_US;
        while (!control.stopped() && control.now() < deadline) {
          const holder = control.views().find((n) => {
            const view = n.view?.protocol as { role?: unknown; phase?: unknown } | null | undefined;
            return n.up && view?.role === 'client' && view.phase === 'holding';
          });
          if (holder) {
            const atUs = control.act({ kind: 'pause', node: holder.id });
            control.runUntil(atUs + Math.round((step.pauseMs as number) * 1000));
            if (!control.stopped()) control.act({ kind: 'resume', node: holder.id });
            return { node: holder.id, atUs };
          }
          control.runUntil(control.now() + 1_000);
        }
        return null;
      },
    },
  },
  measures: {
    unsafeWrites: {
      label: 'writes outside the lease',
      axis: 'writes the storage accepted from a holder whose lease had run out',
      unit: 'writes',
      explain: 'Writes accepted by the storage after the writer\'s lease, by its own arithmetic (start + TTL − drift), had run out.',
      create: unsafeWrites,
    },
    staleWritesRefused: {
      label: 'stale writes refused',
      axis: 'writes the storage refused for a token lower than one it had seen',
      unit: 'writes',
      explain: 'Writes refused by a fencing storage because their token was lower than the highest it had seen.',
      create: observedCount('writeRefused'),
    },
  },
  builtins: {
    'locks-pause-vs-ttl': {
      label: 'Locks: writes outside the lease, pause against TTL, with and without fencing',
      make: () => ({
        experiment: 2,
        name: 'locks-pause-vs-ttl',
        title: 'A holder paused for 1.5 s: writes accepted outside its lease, by lease TTL, with and without fencing',
        description:
          'Redlock on three lock servers, two clients that work 200 ms before each of two writes, the storage. ' +
          'From 0.2 s the first client to hold the lock is frozen for 1.5 s. With a TTL shorter than the pause its lease ' +
          'runs out, the other client takes the lock, and the frozen one writes late: without fencing the storage takes ' +
          'it (the run stops at the monitor\'s mutual-exclusion violation); with fencing it is refused. A TTL longer than ' +
          'the pause keeps the lock and nothing is unsafe, at the price of waiting that long when a holder really dies.',
        scenario: { ...pausedHolderScenario('redlock', false, { seed: 0 }), timeline: [] },
        seeds: { from: 1, to: 30 },
        variants: [500, 1000, 3000].flatMap((ttl) => [
          { name: `TTL ${ttl} ms`, config: { leaseTtlMs: ttl, fencing: false } },
          { name: `TTL ${ttl} ms, fenced`, config: { leaseTtlMs: ttl, fencing: true } },
        ]),
        steps: [{ kind: 'locks.pauseHolder', atMs: 200, jitterMs: 0, pauseMs: 1500 }],
        measures: ['locks.unsafeWrites', 'locks.staleWritesRefused'],
      }),
    },
  },
  scenario: [
    {
      id: 'pause-holder',
      label: 'Writes outside the lease when the holder freezes for 1.5 s',
      title: 'This scenario: a holder frozen for 1.5 s at 0.2 s',
      steps: [{ kind: 'locks.pauseHolder', atMs: 200, jitterMs: 100, pauseMs: 1500 }],
      measures: ['locks.unsafeWrites', 'locks.staleWritesRefused'],
      untilMs: 5_000,
    },
  ],
};
