import type { InProcessRunner } from '../../engine/runner/inprocess';
import { nodeName } from './store';
import type { NodeState } from './types';

/**
 * The page's node states from an in-process run, built as the session publishes them: for a
 * lesson's dry walk, the cluster view's fixtures and the protocol views' tests.
 */
export function nodeStatesOf(runner: Pick<InProcessRunner, 'views'>, name: (id: number) => string = nodeName): NodeState[] {
  return runner.views().map((v) => ({
    id: v.id,
    name: name(v.id),
    up: v.up,
    incarnation: v.incarnation,
    view: (v.view?.protocol as Record<string, unknown> | null) ?? null,
    timers: v.view?.timers ?? [],
  }));
}
