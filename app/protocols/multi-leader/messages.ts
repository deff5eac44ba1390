import type { MessageGlyph, MessageLine, MessageUi } from '../ui';

/**
 * Multi-leader replication's two messages: a Replicate (one object's new state, right after a
 * local write) is a small filled circle marked with what it carries ("k1", "+", "∪"); a Sync
 * (anti-entropy: the whole state) a larger hollow square. Shape, fill and text tell them apart.
 */
const REPLICATE = 'var(--msg-append)';
const SYNC = 'var(--ok)';

function carried(msg: Record<string, unknown>): string {
  if (msg.counter) return '+';
  if (msg.cart) return '∪';
  return typeof msg.key === 'string' ? msg.key : '';
}

function glyph(type: string, msg: Record<string, unknown>): MessageGlyph {
  if (type === 'Sync') return { kind: 'ml-sync', shape: 'square', size: 11, color: SYNC, hollow: true, text: null, mark: null };
  return { kind: 'ml-replicate', shape: 'circle', size: 10, color: REPLICATE, hollow: false, text: carried(msg) || null, ink: '#fff', mark: null };
}

const LINES: Record<string, MessageLine> = {
  Replicate: { color: REPLICATE, dash: '', width: 2.5, response: false, head: 'arrow', label: 'Replicate (one object, after a write)' },
  Sync: { color: SYNC, dash: '6 3', width: 2.5, response: false, head: 'square', label: 'Sync (anti-entropy: the whole state)' },
};

function details(type: string, msg: Record<string, unknown>): string[] {
  if (type === 'Sync') {
    const keys = msg.registers && typeof msg.registers === 'object' ? Object.keys(msg.registers).length : 0;
    return [`the whole state: ${keys} keys, the likes counter and the cart`];
  }
  if (msg.counter) return ['the likes counter (PN-counter)'];
  if (msg.cart) return ['the cart (OR-set)'];
  const reg = (msg.register ?? {}) as { lww?: { value?: unknown } | null; mv?: { versions?: unknown[] } };
  const siblings = Array.isArray(reg.mv?.versions) ? reg.mv.versions.length : 0;
  return [`${String(msg.key)}: LWW ${reg.lww ? String(reg.lww.value) : 'empty'}, ${siblings} sibling${siblings === 1 ? '' : 's'}`];
}

export const multiLeaderMessages: MessageUi = {
  glyph,
  line: (type) => LINES[type] ?? { ...LINES.Replicate!, label: type },
  details,
  facts: (type, msg) => (!msg ? [] : type === 'Sync' ? ['whole state'] : [carried(msg) === '+' ? 'likes' : carried(msg) === '∪' ? 'cart' : carried(msg)]),
  fieldLabels: { key: 'Object', register: 'Register (LWW and siblings)', counter: 'PN-counter', cart: 'OR-set', registers: 'Registers' },
};

export { LINES as MULTI_LEADER_LINES };
