import type { Micros } from '../../../engine/kernel/time';
import { getProtocolIfKnown } from '../../../engine/protocols/registry';
import { checkedLayout } from '../../../engine/runner/setup';
import type { Scenario } from '../../../engine/scenario/schema';
import { parseScenario } from '../../../engine/scenario/schema';
import { checkRunnable } from '../../../engine/scenario/untrusted';
import type { SettingUi } from '../../protocols/ui';

/** What the New run dialog's fields hold: text as typed, booleans as ticked. */
export type SettingValues = Readonly<Record<string, string | boolean>>;

export const MAX_SEED = 0xffffffff;

/**
 * The client load every system that takes client operations offers (Raft's writes, a store's
 * gets and puts, a balancer's requests): a rate, as the scenario's `workload` interval. The
 * bounds keep the interval between 1 ms and 100 s (the schema's floor is 100 µs; a class cannot
 * watch more than a thousand a second anyway).
 */
export const CLIENT_RATE = { min: 0.01, max: 1000 } as const;

/**
 * The interval of the protocol's own default client load for `scenario`'s settings (the
 * registry's `workload(config)`), or null when the system takes no client operations or the
 * settings cannot run. Generic: every system says it the same way.
 */
export function protocolWorkloadIntervalUs(scenario: Scenario): Micros | null {
  const protocol = getProtocolIfKnown(scenario.protocol.name);
  if (!protocol?.workload) return null;
  try {
    const layout = checkedLayout(scenario, protocol);
    return protocol.workload(protocol.configure(scenario.protocol.config), layout)?.intervalUs ?? null;
  } catch {
    return null;
  }
}

/** A scenario's client load as the dialog's field shows it: operations per second ("0": none), or null when the system takes none. */
export function clientRateText(scenario: Scenario): string | null {
  const own = protocolWorkloadIntervalUs(scenario);
  if (own === null) return null;
  const w = scenario.workload;
  if (w.kind === 'none') return '0';
  return perSecond(w.kind === 'interval' ? w.intervalUs : own);
}

const perSecond = (intervalUs: Micros) => String(Math.round(100_000_000 / intervalUs) / 100);

/**
 * The workload a rate typed in the dialog asks for, against the scenario it goes into: the
 * scenario's own when the rate is what it already runs (so an untouched field leaves a default
 * run, and its link, as they were), or a problem in words.
 */
export function workloadFromRate(scenario: Scenario, text: string): { workload: Scenario['workload'] } | { problem: string } {
  const trimmed = text.trim();
  const rate = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(rate) || rate < 0 || rate > CLIENT_RATE.max || (rate > 0 && rate < CLIENT_RATE.min)) {
    return { problem: `Client requests must be 0 (none) or a number from ${CLIENT_RATE.min} to ${CLIENT_RATE.max} per second${trimmed === '' ? '' : ` (not ${trimmed.slice(0, 20)})`}.` };
  }
  if (clientRateText(scenario) === perSecondOrZero(rate)) return { workload: scenario.workload };
  if (rate === 0) return { workload: { kind: 'none' } };
  return { workload: { kind: 'interval', intervalUs: Math.round(1_000_000 / rate) } };
}

const perSecondOrZero = (rate: number) => (rate === 0 ? '0' : perSecond(Math.round(1_000_000 / rate)));

/** The fields' starting values: the running scenario's config where it says, else the default's. */
export function settingValues(settings: readonly SettingUi[], config: Record<string, unknown>, defaults: Record<string, unknown>): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const s of settings) {
    const v = Object.hasOwn(config, s.key) ? config[s.key] : defaults[s.key];
    out[s.key] = s.kind === 'boolean' ? (typeof v === 'boolean' ? v : true) : typeof v === 'number' ? String(v) : '';
  }
  return out;
}

/**
 * A new run from the dialog's fields: the protocol's default scenario with this seed and these
 * settings in its `protocol.config` (so a share link carries them), or the first problem in
 * words a user can act on. Pure: tested without a page.
 */
export function buildNewRun(
  base: (seed: number) => Scenario,
  settings: readonly SettingUi[],
  seedText: string,
  values: SettingValues,
  /** The client requests per second as typed; undefined for a system that takes none (no field). */
  clientRate?: string,
): { scenario: Scenario } | { problem: string } {
  const seedTrim = seedText.trim();
  if (!/^\d+$/.test(seedTrim) || Number(seedTrim) > MAX_SEED) return { problem: `The seed must be a whole number from 0 to ${MAX_SEED}.` };
  const scenario = base(Number(seedTrim));
  const config: Record<string, unknown> = { ...scenario.protocol.config };
  for (const s of settings) {
    const v = values[s.key];
    if (s.kind === 'boolean') {
      config[s.key] = v === true;
      continue;
    }
    const text = typeof v === 'string' ? v.trim() : '';
    const n = Number(text);
    if (text === '' || !Number.isFinite(n) || n < s.min || n > s.max) {
      return { problem: `${s.label} must be a number from ${s.min} to ${s.max} ${s.unit}${text === '' ? '' : ` (not ${text.slice(0, 20)})`}.` };
    }
    config[s.key] = n;
  }
  let candidate: Scenario = { ...scenario, protocol: { ...scenario.protocol, config } };
  if (clientRate !== undefined) {
    const load = workloadFromRate(candidate, clientRate);
    if ('problem' in load) return load;
    candidate = { ...candidate, workload: load.workload };
  }
  try {
    const parsed = parseScenario(candidate);
    checkRunnable(parsed);
    return { scenario: parsed };
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return { problem: `These settings cannot run together: ${humanize(text, settings)}.` };
  }
}

/** The engine names settings by their config keys; say the labels the dialog shows. */
function humanize(text: string, settings: readonly SettingUi[]): string {
  let out = text.replace(/^protocol\.config: /, '');
  for (const s of settings) out = out.split(s.key).join(`"${s.label}"`);
  return out;
}
