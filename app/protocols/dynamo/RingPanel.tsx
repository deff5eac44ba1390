import { useMemo } from 'react';
import { buildRingOf, hash32, preferenceList } from '../../../engine/protocols/dynamo/ring';
import { serverName } from '../../lib/format';
import { useSampled } from '../../lib/sampling';
import { select } from '../../session/selection';
import type { NodeState } from '../../store/types';
import { useSelectedKey } from './selected-key';
import { asDynamoView, formatClock, keysOf, progressText, type DynamoView, type VersionView } from './view';

/**
 * The consistent-hash ring (§4.2): every node's virtual nodes as ticks in its colour, the
 * selected key's position and its preference list (§4.3) as an arc to the N-th distinct node;
 * beside it, the operations on that key with their acknowledgements counted as they arrive
 * ("1 of W=2"), where each node holds the key (hinted copies marked), and the last read's
 * versions (siblings side by side).
 */
const SIZE = 176;
const C = SIZE / 2;
const R = 64;
const FULL = 2 ** 32;
const COLORS = ['#1f6feb', '#c2410c', '#15803d', '#7e22ce', '#b91c1c', '#0e7490', '#a16207', '#be185d'];
const color = (node: number) => COLORS[node % COLORS.length]!;
const QUORUMS: readonly [number, number][] = [[1, 1], [2, 1], [1, 2], [2, 2], [3, 1], [1, 3], [3, 3]];

function point(position: number, radius: number): [number, number] {
  const angle = (position / FULL) * 2 * Math.PI - Math.PI / 2;
  return [C + radius * Math.cos(angle), C + radius * Math.sin(angle)];
}

function arcPath(from: number, to: number, radius: number): string {
  const span = (to - from + FULL) % FULL;
  const [x1, y1] = point(from, radius);
  const [x2, y2] = point(to, radius);
  return `M ${x1} ${y1} A ${radius} ${radius} 0 ${span > FULL / 2 ? 1 : 0} 1 ${x2} ${y2}`;
}

interface LastRead {
  atUs: number;
  node: number;
  versions: VersionView[];
  /** A write of the key acknowledged before the read began that the read did not return (nor a version that saw it). */
  missed: string | null;
}

type TraceLike = readonly { kind: string; at: number; node: number; opId?: number; result?: unknown }[];

/** True when one of `versions` is `dot` or saw it: its clock counts the dot's actor at least that far. */
function covers(versions: readonly VersionView[], dot: string): boolean {
  const cut = dot.lastIndexOf(':');
  const actor = dot.slice(0, cut);
  const counter = Number(dot.slice(cut + 1));
  return versions.some((v) => v.dot === dot || v.clock.some((e) => e.actor === actor && e.counter >= counter));
}

/** The last write of `key` acknowledged before `beganUs`, if the read missed it (the page's stale-read mark). */
function missedWrite(trace: TraceLike, key: string, beganUs: number, versions: readonly VersionView[]): string | null {
  for (let i = trace.length - 1; i >= 0; i--) {
    const e = trace[i]!;
    if (e.kind !== 'return' || e.at >= beganUs) continue;
    const r = e.result as { ok?: boolean; kind?: string; key?: string; dot?: string } | null;
    if (r?.ok && r.kind === 'put' && r.key === key && typeof r.dot === 'string') return covers(versions, r.dot) ? null : r.dot;
  }
  return null;
}

function lastReadOf(trace: TraceLike, key: string): LastRead | null {
  for (let i = trace.length - 1; i >= 0; i--) {
    const e = trace[i]!;
    if (e.kind !== 'return') continue;
    const r = e.result as { ok?: boolean; kind?: string; key?: string; versions?: VersionView[] } | null;
    if (r?.ok && r.kind === 'get' && r.key === key && Array.isArray(r.versions)) {
      let beganUs = e.at;
      for (let j = i - 1; j >= 0; j--) {
        const inv = trace[j]!;
        if (inv.kind === 'invoke' && inv.opId === e.opId) {
          beganUs = inv.at;
          break;
        }
      }
      return { atUs: e.at, node: e.node, versions: r.versions, missed: missedWrite(trace, key, beganUs, r.versions) };
    }
  }
  return null;
}

export function RingPanel() {
  const nodes = useSampled((s) => s.nodes, 200);
  const trace = useSampled((s) => s.trace, 400);
  const { key, setKey, quorum, setQuorum } = useSelectedKey();
  const views = nodes.map((n) => ({ node: n, view: n.up ? asDynamoView(n.view) : null }));
  const anyView: DynamoView | null = views.find((v) => v.view)?.view ?? null;
  const vnodes = anyView?.vnodes ?? 8;
  const n = anyView?.n ?? 3;
  const members = (anyView?.members ?? nodes.map((x) => x.id)).join(',');
  const ring = useMemo(() => buildRingOf(members === '' ? [] : members.split(',').map(Number), vnodes), [members, vnodes]);
  const moving = views.flatMap(({ node, view }) =>
    view ? Object.entries(view.outgoing[key] ?? {}).map(([to, vs]) => `${serverName(node.id)} → ${serverName(Number(to))}: ${vs.length} version${vs.length === 1 ? '' : 's'}`) : [],
  );
  const prefs = preferenceList(ring, key);
  const homes = prefs.slice(0, n);
  const keyPos = hash32(key);
  // Where the arc ends: the first token of the N-th distinct node clockwise from the key.
  const seen = new Set<number>();
  let arcEnd = keyPos;
  for (let i = 0; i < ring.length; i++) {
    const start = ring.findIndex((t) => t.position >= keyPos);
    const t = ring[((start === -1 ? 0 : start) + i) % ring.length]!;
    seen.add(t.node);
    arcEnd = t.position;
    if (seen.size >= Math.min(n, nodes.length)) break;
  }
  const keys = [...new Set([...Array.from({ length: 8 }, (_, i) => `user:${i + 1}`), ...views.flatMap((v) => (v.view ? keysOf(v.view) : []))])].sort();
  const ops = views.flatMap(({ node, view }) => (view ? view.ops.filter((o) => o.key === key).map((op) => ({ coordinator: node.id, op })) : []));
  const lastRead = lastReadOf(trace as never, key);
  const label = `Ring of ${members === '' ? 0 : members.split(',').length} nodes with ${vnodes} virtual nodes each; key ${key} on ${homes.map(serverName).join(', ')}`;

  return (
    <section className="panel-view dynamo-ring-panel" aria-label="Hash ring and the selected key">
      <svg width={SIZE} height={SIZE} viewBox={`0 0 ${SIZE} ${SIZE}`} role="img" aria-label={label} className="dynamo-ring">
        <circle cx={C} cy={C} r={R} className="dynamo-ring-circle" />
        <path d={arcPath(keyPos, arcEnd, R)} className="dynamo-ring-arc" />
        {ring.map((t) => {
          const [x1, y1] = point(t.position, R - 6);
          const [x2, y2] = point(t.position, R + 6);
          const home = homes.includes(t.node);
          return <line key={`${t.node}-${t.vnode}`} x1={x1} y1={y1} x2={x2} y2={y2} stroke={color(t.node)} strokeWidth={home ? 3.5 : 1.5} opacity={home ? 1 : 0.55} />;
        })}
        {ring.map((t) => {
          const [x, y] = point(t.position, R + 14);
          return (
            <text key={`l${t.node}-${t.vnode}`} x={x} y={y} className="dynamo-ring-label" fill={color(t.node)} textAnchor="middle" dominantBaseline="middle">
              {t.node + 1}
            </text>
          );
        })}
        {(() => {
          const [x, y] = point(keyPos, R - 16);
          return (
            <g>
              <circle cx={x} cy={y} r={4.5} className="dynamo-ring-key" />
              <text x={C} y={C} textAnchor="middle" className="dynamo-ring-center">
                {key}
              </text>
              <text x={C} y={C + 14} textAnchor="middle" className="dynamo-ring-center-sub">
                N={n}: {homes.map(serverName).join(' ')}
              </text>
            </g>
          );
        })()}
      </svg>
      <div className="dynamo-ring-main">
        <header className="dynamo-ring-header">
          <h2 className="panel-title">Ring</h2>
          <label className="dynamo-key-picker">
            Key{' '}
            <select value={key} onChange={(e) => setKey(e.target.value)}>
              {keys.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </label>
          <span className="dynamo-prefs">
            on <strong>{homes.map(serverName).join(', ')}</strong>
            {prefs.length > n && <> (then {prefs.slice(n).map(serverName).join(', ')})</>}
          </span>
        </header>
        {/*
          Who holds the key first: the question the panel answers, whole under a two-line header at
          1280x720 (the quorum picker sat in the header and pushed the last holder off the panel);
          the operations, with the R and W of the page's requests, and the last read beside it when
          there is room, below it when not.
        */}
        <div className="dynamo-ring-side">
          <div className="dynamo-ring-part">
            <h3>Who holds {key}</h3>
            <ul className="dynamo-holders">
              {views
                .filter(({ node, view }) => homes.includes(node.id) || !holdsNothing(node, view, key))
                .map(({ node, view }) => (
                  <Holder key={node.id} node={node} view={view} dataKey={key} home={homes.includes(node.id)} />
                ))}
              {/* The nodes with nothing of the key on one line: a row each pushed the holders out of the panel at 1280x720. */}
              {(() => {
                const empty = views.filter(({ node, view }) => !homes.includes(node.id) && holdsNothing(node, view, key));
                if (empty.length === 0) return null;
                return (
                  <li className="dynamo-holders-empty">
                    {empty.map(({ node }) => (
                      <span key={node.id}>
                        <button type="button" className="dynamo-holder-node" style={{ borderColor: color(node.id) }} onClick={() => select({ kind: 'node', id: node.id })}>
                          {node.name}
                        </button>{' '}
                      </span>
                    ))}
                    nothing
                  </li>
                );
              })()}
            </ul>
          </div>
          <div className="dynamo-ring-part">
            <h3>Operations on {key}</h3>
            <label className="dynamo-key-picker dynamo-quorum-picker" title="The R and W the page's client get and update carry (a request may set its own; default: the store's)">
              Requests{' '}
              <select
                aria-label="Request quorum"
                value={quorum ? `${quorum.r}-${quorum.w}` : ''}
                onChange={(e) => setQuorum(e.target.value === '' ? null : { r: Number(e.target.value.split('-')[0]), w: Number(e.target.value.split('-')[1]) })}
              >
                <option value="">store's R={anyView?.r ?? 2} W={anyView?.w ?? 2}</option>
                {QUORUMS.filter(([r, w]) => r <= n && w <= n).map(([r, w]) => (
                  <option key={`${r}-${w}`} value={`${r}-${w}`}>
                    R={r} W={w} ({r + w > n ? 'R+W>N' : 'R+W≤N'})
                  </option>
                ))}
              </select>
            </label>
            {ops.length === 0 ? (
              <p className="inspector-muted">None in flight.</p>
            ) : (
              <ul className="dynamo-ops">
                {ops.map(({ coordinator, op }) => (
                  <li key={`${coordinator}-${op.opId}`}>
                    <strong>{serverName(coordinator)}</strong> {progressText(op)}{' '}
                    {op.targets.map((t) => (
                      <span key={t.node} className={`dynamo-target dynamo-target--${t.state}${t.hintFor !== null ? ' dynamo-target--hinted' : ''}`}>
                        {serverName(t.node)}
                        {t.hintFor !== null ? ` for ${serverName(t.hintFor)}` : ''} {t.state === 'answered' ? '✓' : t.state === 'timedout' ? '✕' : '…'}
                      </span>
                    ))}
                  </li>
                ))}
              </ul>
            )}
            {moving.length > 0 && (
              <p className="dynamo-moving" role="status">
                Transferring {key} (§4.9): {moving.join(' · ')}
              </p>
            )}
            <h3>Last read</h3>
            {lastRead ? (
              <p>
                by {serverName(lastRead.node)}:{' '}
                {lastRead.versions.length === 0 ? 'not found' : lastRead.versions.length === 1 ? 'one version' : `≠ ${lastRead.versions.length} siblings`}{' '}
                {lastRead.versions.map((v) => (
                  <span key={v.dot} className="dynamo-version-chip">
                    {v.value} <code>[{formatClock(v.clock)}]</code>
                  </span>
                ))}{' '}
                {lastRead.missed && (
                  <strong className="dynamo-stale" title="A write acknowledged before this read began that it did not return">
                    stale: missed {lastRead.missed}
                  </strong>
                )}
              </p>
            ) : (
              <p className="inspector-muted">No read of {key} yet.</p>
            )}
          </div>
        </div>
      </div>
    </section>
  );
}

/** Up, and holding no version, hint or transfer of the key. */
function holdsNothing(node: NodeState, view: DynamoView | null, dataKey: string): boolean {
  if (!node.up) return false;
  return (view?.replicas[dataKey] ?? []).length === 0 && Object.keys(view?.hints[dataKey] ?? {}).length === 0 && Object.keys(view?.outgoing[dataKey] ?? {}).length === 0;
}

function Holder({ node, view, dataKey, home }: { node: NodeState; view: DynamoView | null; dataKey: string; home: boolean }) {
  const own = view?.replicas[dataKey] ?? [];
  const hinted = Object.entries(view?.hints[dataKey] ?? {});
  const sending = Object.keys(view?.outgoing[dataKey] ?? {});
  const text = !node.up
    ? 'crashed (its disk keeps what it stored)'
    : own.length === 0 && hinted.length === 0 && sending.length === 0
      ? 'nothing'
      : [
          own.length > 0 ? own.map((v) => `${v.value} [${formatClock(v.clock)}]`).join(' | ') : '',
          ...hinted.map(([intended, vs]) => `hinted for ${serverName(Number(intended))}: ${vs.map((v) => v.value).join(' | ')}`),
          sending.length > 0 ? `handing on to ${sending.map((t) => serverName(Number(t))).join(', ')}` : '',
        ]
          .filter(Boolean)
          .join('; ');
  return (
    <li className={home ? 'dynamo-holder--home' : undefined}>
      <button type="button" className="dynamo-holder-node" style={{ borderColor: color(node.id) }} onClick={() => select({ kind: 'node', id: node.id })}>
        {node.name}
      </button>{' '}
      {home && <span className="dynamo-home-tag">replica</span>} {own.length > 1 && <span className="dynamo-siblings">≠ {own.length}</span>} {text}
    </li>
  );
}
