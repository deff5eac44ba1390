/**
 * How many runs a worker-runner property makes. Each run starts a thread per node, so these
 * properties are the test suite's slowest (CI is capped at 15 minutes); the counts in the tests
 * are what every CI run affords, and `WORKER_RUNS_SCALE=4 npx vitest run workers/` runs four
 * times as many (fast-check prints the seed of any failure, to replay it).
 */
export const workerRuns = (n: number): number => Math.max(1, Math.round(n * Number(process.env.WORKER_RUNS_SCALE ?? 1)));
