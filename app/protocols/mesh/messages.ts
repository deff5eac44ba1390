import { nodeName } from '../../store/store';
import type { MessageGlyph, MessageLine, MessageUi } from '../ui';

/**
 * The mesh's messages: calls are filled circles (a probe through a half-open breaker has a "P",
 * a retry its attempt number), replies hollow circles with a check or a cross; heartbeats small
 * squares, watches small diamonds and the registry's endpoint lists hollow squares with a count.
 */
const CALL = 'var(--msg-append)';
const CONTROL = 'var(--msg-other)';
const REGISTRY = 'var(--msg-vote)';

function glyph(type: string, msg: Record<string, unknown>): MessageGlyph {
  switch (type) {
    case 'Call': {
      const attempt = typeof msg.attempt === 'number' ? msg.attempt : 1;
      const text = msg.probe === true ? 'P' : attempt > 1 ? String(attempt) : null;
      return { kind: 'mesh-call', shape: 'circle', size: text ? 10 : 8, color: CALL, hollow: false, text, ink: '#fff', mark: null };
    }
    case 'Reply':
      return { kind: 'mesh-reply', shape: 'circle', size: 9, color: msg.status === 'ok' ? 'var(--ok)' : 'var(--danger)', hollow: true, text: null, mark: msg.status === 'ok' ? 'check' : 'cross' };
    case 'Heartbeat':
      return { kind: 'mesh-heartbeat', shape: 'square', size: 6, color: CONTROL, hollow: false, text: null, mark: null };
    case 'Watch':
      return { kind: 'mesh-watch', shape: 'diamond', size: 7, color: REGISTRY, hollow: true, text: null, mark: null };
    default: {
      const n = Array.isArray(msg.instances) ? String(msg.instances.length) : null;
      return { kind: 'mesh-endpoints', shape: 'square', size: 10, color: REGISTRY, hollow: true, text: n, mark: null };
    }
  }
}

const LINES: Record<string, MessageLine> = {
  Call: { color: CALL, dash: '', width: 2.5, response: false, head: 'arrow', label: 'Call' },
  Reply: { color: 'var(--ok)', dash: '2 5', width: 2.5, response: true, head: 'dot', label: 'Reply' },
  Heartbeat: { color: CONTROL, dash: '', width: 1.5, response: false, head: 'square', label: 'Heartbeat (lease)' },
  Watch: { color: REGISTRY, dash: '4 3', width: 1.5, response: false, head: 'diamond', label: 'Watch' },
  Endpoints: { color: REGISTRY, dash: '2 5', width: 2, response: true, head: 'dot', label: 'Endpoints (registry update)' },
};

function details(type: string, msg: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (type === 'Call') {
    if (typeof msg.route === 'string') out.push(`route ${msg.route.replace('>', ' to ')}`);
    if (typeof msg.attempt === 'number') out.push(msg.attempt > 1 ? `retry, attempt ${msg.attempt}` : 'first attempt');
    if (msg.probe === true) out.push('a half-open probe');
    if (typeof msg.trace === 'string') out.push(`request ${msg.trace}`);
  } else if (type === 'Reply') out.push(typeof msg.status === 'string' ? msg.status : 'answer');
  else if (type === 'Heartbeat') out.push(`${String(msg.service)} lease for ${String(msg.ttlMs)} ms`);
  else if (type === 'Watch') out.push(`watch ${String(msg.service)}`);
  else if (type === 'Endpoints' && Array.isArray(msg.instances)) {
    out.push(`${String(msg.service)}: ${msg.instances.length ? msg.instances.map((i) => nodeName(Number(i))).join(', ') : 'none'}`, `version ${String(msg.version)}`);
  }
  return out;
}

export const meshMessages: MessageUi = {
  glyph,
  line: (type, msg) => {
    if (type === 'Reply' && msg && msg.status !== 'ok') return { ...LINES.Reply!, color: 'var(--danger)', label: 'Reply (failed)' };
    return LINES[type] ?? { ...LINES.Call!, color: CONTROL, label: type };
  },
  details,
  facts: (type, msg) => {
    if (!msg) return [];
    if (type === 'Call') return [msg.probe === true ? 'probe' : typeof msg.attempt === 'number' && msg.attempt > 1 ? `attempt ${msg.attempt}` : ''].filter(Boolean);
    if (type === 'Reply' && typeof msg.status === 'string') return [msg.status];
    return [];
  },
  fieldLabels: { callId: 'Call id', route: 'Route', attempt: 'Attempt', probe: 'Half-open probe', trace: 'Trace id', status: 'Status', service: 'Service', ttlMs: 'Lease (ms)', instances: 'Instances', version: 'Version' },
  renderField: (name, value) => (name === 'instances' && Array.isArray(value) ? value.map((i) => nodeName(Number(i))).join(', ') || 'none' : undefined),
};

export { LINES as MESH_LINES };
