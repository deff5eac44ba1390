import { useSim } from '../store/store';
import type { Selection } from '../store/types';

/**
 * What the inspector shows: a node, a message or a link (null: nothing). Selecting changes the
 * page only, never the run, so it is not one of the commands that become actions; it lives
 * apart from them so a protocol's views can select without reaching the command dispatcher.
 */
export function select(selection: Selection): void {
  useSim.setState({ selection });
}
