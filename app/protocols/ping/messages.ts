import type { MessageGlyph, MessageLine, MessageUi } from '../ui';

/**
 * Ping's two messages: a Ping (a filled dot) and the Pong that answers it (a hollow dot, its
 * line dotted like every reply), each carrying a nonce.
 */
const COLOR = 'var(--msg-append)';
const REPLY_DASH = '2 5';

const PING: MessageGlyph = { kind: 'ping', shape: 'circle', size: 9, color: COLOR, hollow: false, text: null, mark: null };
const PONG: MessageGlyph = { kind: 'pong', shape: 'circle', size: 9, color: COLOR, hollow: true, text: null, mark: null };
const OTHER: MessageGlyph = { kind: 'other', shape: 'square', size: 7, color: 'var(--msg-other)', hollow: false, text: null, mark: null };

const PING_LINE: MessageLine = { color: COLOR, dash: '', width: 2.5, response: false, head: 'arrow', label: 'Ping' };
const PONG_LINE: MessageLine = { color: COLOR, dash: REPLY_DASH, width: 2.5, response: true, head: 'dot', label: 'Pong' };

const nonce = (msg: Record<string, unknown> | null) => (typeof msg?.nonce === 'number' ? [`nonce ${msg.nonce}`] : []);

export const pingMessages: MessageUi = {
  glyph: (type) => (type === 'Ping' ? PING : type === 'Pong' ? PONG : OTHER),
  line: (type) => (type === 'Ping' ? PING_LINE : type === 'Pong' ? PONG_LINE : { ...PING_LINE, color: 'var(--msg-other)', label: type }),
  details: (_type, msg) => nonce(msg),
  facts: (_type, msg) => nonce(msg),
  fieldLabels: { nonce: 'Nonce' },
};

export { PING_LINE, PONG_LINE };
