import { createContext, useContext } from 'react';
import type { TimerArcs } from './timer-arcs';

/** What node components share with the view without props (props must stay stable for xyflow). */
export interface ClusterContextValue {
  arcs: TimerArcs;
}

export const ClusterContext = createContext<ClusterContextValue | null>(null);

export function useClusterContext(): ClusterContextValue {
  const value = useContext(ClusterContext);
  if (!value) throw new Error('cluster components must be rendered inside <ClusterView>');
  return value;
}
