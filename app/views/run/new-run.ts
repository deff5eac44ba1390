import type { Scenario } from '../../../engine/scenario/schema';
import { parseScenario } from '../../../engine/scenario/schema';
import { checkRunnable } from '../../../engine/scenario/untrusted';
import type { SettingUi } from '../../protocols/ui';

/** What the New run dialog's fields hold: text as typed, booleans as ticked. */
export type SettingValues = Readonly<Record<string, string | boolean>>;

export const MAX_SEED = 0xffffffff;

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
  const candidate = { ...scenario, protocol: { ...scenario.protocol, config } };
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
