/** Today's scenario format (docs/scenario-format.md, "Versions"); older ones are migrated. */
export const SCENARIO_VERSION = 3;

/** A problem with a scenario, a link or a file: its message names what is wrong, in one line. */
export class ScenarioError extends Error {
  override name = 'ScenarioError';
}
