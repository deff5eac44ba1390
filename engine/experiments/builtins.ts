import { experimentVocabulary, protocolNames } from '../protocols/registry';
import type { BuiltinExperiment } from './contract';
import { ExperimentError, parseExperiment, type ExperimentSpec } from './spec';

/**
 * The built-in experiments: each protocol lists its own (`ExperimentVocabulary.builtins`;
 * Raft's are the paper's Figure 16, engine/protocols/raft/experiments.ts), in the registry's
 * order. Names are unique across protocols: `--experiment figure16` needs no protocol.
 */
export type BuiltinExperimentName = string;

interface Listed extends BuiltinExperiment {
  name: string;
  protocol: string;
}

let listed: Listed[] | null = null;

function all(): Listed[] {
  if (listed) return listed;
  const out: Listed[] = [];
  for (const protocol of protocolNames()) {
    for (const [name, builtin] of Object.entries(experimentVocabulary(protocol)?.builtins ?? {})) {
      if (out.some((b) => b.name === name)) throw new Error(`two protocols name a built-in experiment "${name}"`);
      out.push({ ...builtin, name, protocol });
    }
  }
  listed = out;
  return out;
}

export const isBuiltinExperiment = (name: string): boolean => all().some((b) => b.name === name);

/** Every built-in experiment's name, of one protocol or of all. */
export function builtinExperimentNames(protocol?: string): BuiltinExperimentName[] {
  return all()
    .filter((b) => protocol === undefined || b.protocol === protocol)
    .map((b) => b.name);
}

/** Built-in experiments with their menu labels, in menu order: of one protocol (the page offers the running system's), or of all. */
export function builtinExperimentLabels(protocol?: string): { name: BuiltinExperimentName; label: string; protocol: string }[] {
  return all()
    .filter((b) => protocol === undefined || b.protocol === protocol)
    .map(({ name, label, protocol: p }) => ({ name, label, protocol: p }));
}

/** A built-in experiment by name (a fresh copy each time). */
export function builtinExperiment(name: string): ExperimentSpec {
  const found = all().find((b) => b.name === name);
  if (!found) throw new ExperimentError(`unknown experiment "${name.slice(0, 60)}" (built in: ${builtinExperimentNames().join(', ')})`);
  return parseExperiment(found.make());
}
