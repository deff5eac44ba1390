import { plantedBugs, type PlantedBug } from '../lib/planted-bugs';

/**
 * Planted mesh bugs for mutation.test.ts (after swim/mutants.ts): each is a textual edit of one
 * file of this folder, planted in a bundled copy, never in the code itself; the chaos runs of
 * chaos-scenario.ts must catch every one through the real monitors. Each anchor must occur
 * exactly once, so a change to the code under it fails the test loudly instead of testing nothing.
 */
export type MeshMutant = PlantedBug;

export const MESH_MUTANTS: readonly MeshMutant[] = plantedBugs<MeshMutant>([
  {
    id: 'open-breaker-permits',
    bug: 'an open breaker permits calls before its wait is over',
    file: 'breaker.ts',
    edits: [{ find: 'if (now - b.openedAtUs < config.waitDurationInOpenStateUs) return { permitted: false, probe: false, transition: null };', replace: 'if (now - b.openedAtUs < config.waitDurationInOpenStateUs) return { permitted: true, probe: false, transition: null };' }],
    symptoms: ['An open breaker lets nothing through'],
  },
  {
    id: 'half-open-one-probe-too-many',
    bug: 'half-open lets one probe more than permitted',
    file: 'breaker.ts',
    edits: [{ find: 'if (b.permitted >= config.permittedNumberOfCallsInHalfOpenState)', replace: 'if (b.permitted > config.permittedNumberOfCallsInHalfOpenState)' }],
    symptoms: ['An open breaker lets nothing through'],
  },
  {
    id: 'bulkhead-off-by-one',
    bug: 'the bulkhead admits one call beyond its bound',
    file: 'sidecar.ts',
    edits: [{ find: 'r.inFlight >= p.bulkhead.maxConcurrentCalls', replace: 'r.inFlight > p.bulkhead.maxConcurrentCalls' }],
    symptoms: ['The bulkhead holds'],
  },
  {
    id: 'timeout-frees-two-slots',
    bug: 'a timed-out attempt frees two bulkhead slots',
    file: 'sidecar.ts',
    edits: [{ find: 'r.inFlight--;', replace: "r.inFlight -= code === 'timeout' ? 2 : 1;" }],
    symptoms: ['The bulkhead holds'],
  },
  {
    id: 'token-bucket-refills-twice-as-fast',
    bug: 'the token bucket refills at twice its rate',
    file: 'limits.ts',
    edits: [{ find: 'l.level + (now - l.sinceUs) * config.ratePerSec);\n      l.sinceUs = now;', replace: 'l.level + (now - l.sinceUs) * config.ratePerSec * 2);\n      l.sinceUs = now;' }],
    symptoms: ['The rate limit holds'],
  },
  {
    id: 'fixed-window-off-by-one',
    bug: 'the fixed window admits limit + 1 calls',
    file: 'limits.ts',
    edits: [{ find: 'if (l.level >= config.limit) return false;', replace: 'if (l.level > config.limit) return false;' }],
    symptoms: ['The rate limit holds'],
  },
  {
    id: 'sliding-window-forgets-early',
    bug: 'the sliding window forgets admissions 10 ms early',
    file: 'limits.ts',
    edits: [{ find: 'while (l.log.length > 0 && l.log[0]! <= now - config.windowUs) l.log.shift();', replace: 'while (l.log.length > 0 && l.log[0]! <= now - config.windowUs + 10_000) l.log.shift();' }],
    symptoms: ['The rate limit holds'],
  },
  {
    id: 'sidecar-keeps-removed-endpoints',
    bug: 'the sidecar adds the instances the registry lists but never removes one',
    file: 'sidecar.ts',
    edits: [{ find: 'r.endpoints = [...msg.instances];', replace: 'r.endpoints = [...new Set([...r.endpoints, ...msg.instances])].sort((a, b) => a - b);' }],
    symptoms: ['Calls go to registered instances'],
  },
  {
    id: 'registry-sweeps-late',
    bug: 'the registry drops an expired lease a second late',
    file: 'mesh.ts',
    edits: [
      { find: 'const expired = reg.table[service].filter((e) => e.expiresAtUs <= ctx.now());', replace: 'const expired = reg.table[service].filter((e) => e.expiresAtUs + 1_000_000 <= ctx.now());' },
      { find: 'reg.table[service] = reg.table[service].filter((e) => e.expiresAtUs > ctx.now());', replace: 'reg.table[service] = reg.table[service].filter((e) => e.expiresAtUs + 1_000_000 > ctx.now());' },
    ],
    symptoms: ['The registry lists live leases only'],
  },
  {
    id: 'routes-to-ejected',
    bug: 'the sidecar keeps routing to instances it ejected',
    file: 'sidecar.ts',
    edits: [{ find: 'const healthy = p.outlierDetection ? r.endpoints.filter((id) => !ejected(r, id)) : r.endpoints;', replace: 'const healthy = r.endpoints;' }],
    symptoms: ['Ejected instances get no calls'],
  },
  {
    id: 'ejects-beyond-max',
    bug: 'outlier detection ejects one instance more than its maximum share',
    file: 'sidecar.ts',
    edits: [{ find: 'if (out >= allowed) return;', replace: 'if (out > allowed) return;' }],
    symptoms: ['Outlier detection ejects at most its share'],
  },
  {
    id: 'split-leaks-to-canary',
    bug: 'a split at 0% still sends about 1% of calls to the canary',
    file: 'sidecar.ts',
    edits: [{ find: 'const toCanary = ctx.random.int(1, 100) <= r.canaryPercent;', replace: 'const toCanary = ctx.random.int(1, 100) <= r.canaryPercent + 1;' }],
    symptoms: ['A split at 0% or 100% is exact'],
  },
]);

/** Bugs in the later features (mTLS, header routes, mirrors, the leaky bucket), caught by chaos-plus.ts's runs. */
export const MESH_PLUS_MUTANTS: readonly MeshMutant[] = plantedBugs<MeshMutant>([
  {
    id: 'strict-accepts-expired',
    bug: 'a certificate is taken as valid for a second after it expires',
    file: 'mtls.ts',
    edits: [{ find: 'return !!cert && cert.identity === holder && cert.expiresAtUs > now;', replace: 'return !!cert && cert.identity === holder && cert.expiresAtUs > now - 1_000_000;' }],
    symptoms: ['Strict mTLS accepts no call without a valid certificate'],
  },
  {
    id: 'strict-skips-peer-check',
    bug: 'a callee with a valid certificate of its own accepts any caller as mutual TLS',
    file: 'mtls.ts',
    edits: [{ find: 'if (peerValid && selfValid) return \'mutual\';', replace: 'if (selfValid) return \'mutual\';' }],
    symptoms: ['Strict mTLS accepts no call without a valid certificate'],
  },
  {
    id: 'strict-refuses-everyone',
    bug: 'strict mode refuses calls with both certificates valid',
    file: 'mtls.ts',
    edits: [{ find: 'if (peerValid && selfValid) return \'mutual\';', replace: 'if (peerValid && selfValid && mode !== \'strict\') return \'mutual\';' }],
    symptoms: ['mTLS refuses only what it must'],
  },
  {
    id: 'header-route-misread',
    bug: 'the header route looks the value up under the wrong name, so tagged requests go anywhere',
    file: 'sidecar.ts',
    edits: [{ find: 'const tagged = hr !== null && req.headers?.[hr.header] === hr.value;', replace: 'const tagged = hr !== null && req.headers?.[hr.value] === hr.value;' }],
    symptoms: ['Header routes hold'],
  },
  {
    id: 'shadow-takes-live-calls',
    bug: 'the mirror\'s shadow instances stay in the live pool',
    file: 'sidecar.ts',
    edits: [{ find: 'if (shadow) live = narrow(live, shadow, false);', replace: '' }],
    symptoms: ['The shadow gets no live traffic'],
  },
  {
    id: 'leaky-bucket-leaks-twice-as-fast',
    bug: 'the leaky bucket lets calls out at half its interval',
    file: 'limits.ts',
    edits: [{ find: 'Math.max(now, l.sinceUs + interval)', replace: 'Math.max(now, l.sinceUs + Math.floor(interval / 2))' }],
    symptoms: ['The rate limit holds'],
  },
]);

/** Bugs in deadline propagation and adaptive throttling, caught on retry storms with both on (mutation.test.ts). */
export const MESH_DEADLINE_MUTANTS: readonly MeshMutant[] = plantedBugs<MeshMutant>([
  {
    id: 'queue-starts-expired-work',
    bug: 'a worker starts a queued call up to 20 ms past its deadline',
    file: 'mesh.ts',
    edits: [{ find: 'while (waiting && expired(ctx, waiting)) {', replace: 'while (waiting && expired(ctx, waiting) && waiting.deadlineUs! < ctx.now() - 20_000) {' }],
    symptoms: ['An instance never starts work past its deadline'],
  },
  {
    id: 'drops-live-work',
    bug: 'an instance drops calls 5 ms before their deadline',
    file: 'mesh.ts',
    edits: [{ find: 'return job.deadlineUs !== undefined && job.deadlineUs <= ctx.now();', replace: 'return job.deadlineUs !== undefined && job.deadlineUs <= ctx.now() + 5_000;' }],
    symptoms: ['Deadlines drop only dead work'],
  },
  {
    id: 'deadline-not-inherited',
    bug: 'the calls an instance makes for a request do not inherit its deadline',
    file: 'mesh.ts',
    edits: [{ find: 'job.headers, job.deadlineUs);', replace: 'job.headers);' }],
    symptoms: ["A call's deadline is its caller's, or sooner"],
  },
  {
    id: 'throttle-rejects-at-zero',
    bug: 'adaptive throttling rejects 2% of attempts even when p = 0',
    file: 'sidecar.ts',
    edits: [{ find: 'if (drop > 0 && ctx.random.float() < drop)', replace: 'if (ctx.random.float() < drop + 0.02)' }],
    symptoms: ['Adaptive throttling rejects only when it must'],
  },
  {
    id: 'throttle-forgets-accepts',
    bug: 'adaptive throttling (counting at send) never counts an accept',
    file: 'sidecar.ts',
    edits: [{ find: "else if (p.throttle && code === 'ok') throttleCount(r.throttle!, p.throttle, now, { request: false, accept: true });", replace: '' }],
    symptoms: ['Adaptive throttling rejects only when it must'],
  },
]);
