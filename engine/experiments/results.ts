import { ExperimentError, runCount, type ExperimentSpec } from './spec';
import { describe, ecdf, type CdfPoint, type Stats } from './stats';
import type { TrialResult } from './trial';

export interface MeasureSummary {
  stats: Stats;
  cdf: CdfPoint[];
}

export interface VariantSummary {
  variant: string;
  variantIndex: number;
  /** One per `spec.measures`, in order. */
  measures: MeasureSummary[];
}

/** Everything an experiment produced, in an order that does not depend on who ran what. */
export interface ExperimentResult {
  spec: ExperimentSpec;
  /** Sorted by variant (spec order), then seed. */
  trials: TrialResult[];
  variants: VariantSummary[];
  /** The runs that violated an invariant, in trial order. */
  failures: TrialResult[];
}

export function compareTrials(a: Pick<TrialResult, 'variantIndex' | 'seed'>, b: Pick<TrialResult, 'variantIndex' | 'seed'>): number {
  return a.variantIndex - b.variantIndex || a.seed - b.seed;
}

/** Sorts the runs into trial order and summarizes each variant; every run must be there once. */
export function summarizeExperiment(spec: ExperimentSpec, results: readonly TrialResult[]): ExperimentResult {
  const trials = [...results].sort(compareTrials);
  if (trials.length !== runCount(spec)) throw new ExperimentError(`expected ${runCount(spec)} runs, got ${trials.length}`);
  for (let i = 1; i < trials.length; i++) {
    if (compareTrials(trials[i - 1]!, trials[i]!) === 0) throw new ExperimentError(`run ${trials[i]!.variant} / seed ${trials[i]!.seed} reported twice`);
  }
  const variants = spec.variants.map((v, variantIndex): VariantSummary => {
    const own = trials.filter((t) => t.variantIndex === variantIndex);
    return {
      variant: v.name,
      variantIndex,
      measures: spec.measures.map((_, m) => {
        const values = own.map((t) => t.values[m] ?? null);
        return { stats: describe(values), cdf: ecdf(values) };
      }),
    };
  });
  return { spec, trials, variants, failures: trials.filter((t) => t.violations.length > 0) };
}
