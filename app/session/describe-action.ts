import type { Action } from '../../engine/kernel/actions';
import { nodeName } from '../store/store';

/** One short sentence for an action, for timeline markers and the event log. */
export function describeAction(a: Action): string {
  switch (a.kind) {
    case 'crash':
      return `${nodeName(a.node)} crashed`;
    case 'restart':
      return `${nodeName(a.node)} restarted`;
    case 'cut':
      return a.oneWay ? `link ${nodeName(a.from)} → ${nodeName(a.to)} cut` : `link ${nodeName(a.from)} ↔ ${nodeName(a.to)} cut`;
    case 'restore':
      return a.oneWay ? `link ${nodeName(a.from)} → ${nodeName(a.to)} restored` : `link ${nodeName(a.from)} ↔ ${nodeName(a.to)} restored`;
    case 'partition':
      return `partition ${a.groups.map((g) => `{${g.map(nodeName).join(', ')}}`).join(' | ')}`;
    case 'heal':
      return 'network healed';
    case 'network': {
      const parts: string[] = [];
      if (a.latencyUs) parts.push(`latency ${a.latencyUs.min / 1000}-${a.latencyUs.max / 1000} ms`);
      if (a.lossRate !== undefined) parts.push(`loss ${Math.round(a.lossRate * 100)}%`);
      if (a.duplicateRate !== undefined) parts.push(`duplication ${Math.round(a.duplicateRate * 100)}%`);
      return `network: ${parts.join(', ')}`;
    }
    case 'drop':
      return `message ${nodeName(a.id.from)}#${a.id.fromSeq} dropped by hand`;
    case 'command':
      return `${a.command.type} sent to ${nodeName(a.node)}`;
    case 'pause':
      return `${nodeName(a.node)} paused`;
    case 'resume':
      return `${nodeName(a.node)} resumed`;
    case 'byzantine':
      return a.policy === null ? `${nodeName(a.node)} honest again` : `${nodeName(a.node)} byzantine: ${a.policy}`;
    case 'slow':
      return a.delayUs === 0 ? `${nodeName(a.node)} back to speed` : `${nodeName(a.node)} slow: handles messages ${a.delayUs / 1000} ms late`;
  }
}
