import { plainNarrator } from '../../narrate/plain';
import { meshObservations } from './observations';

/** The mesh in the event log: the plain narrator with the mesh's words; calls and replies are routine. */
export const meshNarrator = plainNarrator(meshObservations, {
  timer: (name, sent, names) => {
    const calls = sent.find((g) => g.type === 'Call');
    if (name === 'arrival' && calls) return `sends a request to ${names(calls.to)}`;
    if (name === 'retry' && calls) return `retries on ${names(calls.to)}`;
    if (name === 'timeout') return calls ? `gives up on an attempt and retries on ${names(calls.to)}` : 'gives up on an attempt (timeout)';
    if (name === 'work' && calls) return `calls ${names(calls.to)} downstream`;
    if (name === 'heartbeat') return 'renews its lease and its watch';
    if (name === 'cert-rotate') return 'asks the mesh CA for its next certificate (rotation)';
    if (name === 'cert-retry') return 'asks the mesh CA again: no certificate came';
    return null;
  },
  delivery: (type, from, replies) => {
    if (type === 'Call' && replies.includes('Reply')) return { text: `answers ${from} at once (no room or failing)`, major: false };
    if (type === 'Call') return { text: `takes a call from ${from}`, major: false };
    if (type === 'Reply') return { text: `hears ${from}'s answer`, major: false };
    if (type === 'Cert') return { text: `gets a certificate from ${from}`, major: false };
    if (type === 'CertRequest') return { text: `issues ${from} a certificate`, major: false };
    if (type === 'Endpoints') return { text: `hears from ${from} which instances are registered`, major: false };
    return null;
  },
  commandText: (command) => (command.type === 'setHealth' ? 'change its health' : command.type === 'setLoad' ? 'change its load' : command.type === 'setMtlsMode' ? `turn ${String(command.mode)} (mTLS)` : command.type === 'setCanaryPercent' ? `send the canary ${Number(command.percent)}% of its calls` : command.type),
  keptOnCrash: 'nothing (a sidecar keeps its policies in memory)',
});

export const MESH_TOPICS = {
  breaker: { glyph: '⚡', word: 'breaker' },
  registry: { glyph: '☰', word: 'registry' },
  health: { glyph: '♥', word: 'health' },
  mtls: { glyph: '◆', word: 'mTLS' },
  deadline: { glyph: '◌', word: 'deadline' },
};
