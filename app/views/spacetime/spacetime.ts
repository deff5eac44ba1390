import { axisBottom, scaleLinear, scalePoint, select, symbol, symbolCross, symbolDiamond, symbolStar, type Selection } from 'd3';
import type { Micros } from '../../../engine/kernel/time';
import type { SimState } from '../../store/types';
import type { MessageUi, ProtocolUi } from '../../protocols/ui';
import { dropReasonText, formatSeconds, serverName } from '../../lib/format';
import { placeLabels, textWidth, type Box } from './label-placement';
import { cssColors, lineAt, paintLines, type LineHighlights, type LineToDraw } from './message-canvas';
import { buildDiagram, type DiagramMarker, type DiagramMessage, type DiagramModel } from './model';

/**
 * The space-time diagram's drawing, framework-free (xyflow's split): d3 pieces are created once
 * and `update()` redraws them from the getters. React only mounts it; the component schedules
 * `update` once per animation frame at most.
 */

export interface SpaceTimeGetters {
  state(): SimState;
  windowUs(): Micros;
  /** The running protocol's UI: its message lines, lane glyphs and lane marks. */
  ui(): ProtocolUi;
}

export interface SpaceTimeCallbacks {
  /** A message line was clicked, or chosen with the keyboard. */
  select(key: string): void;
  /** A sentence for screen readers about the message under the keyboard cursor. */
  announce(text: string): void;
}

export interface SpaceTimeController {
  update(): void;
  destroy(): void;
}

const MARGIN = { top: 24, right: 22, bottom: 30, left: 76 };

let instances = 0;

/** Lane labels and tooltips name nodes from the running scenario's topology. */
const name = serverName;

/** The markers' label size (SpaceTimeDiagram.css, `.spacetime-marker text`). */
const MARKER_FONT_PX = 14;
/** The markers' symbols (a 260 px² star is about 18 px across). */
const MARKER_SIZE_PX = 16;
/** Which label wins when two would overlap: the protocol's say (a new leader 3), then a crash, a restart. */
const PAGE_PRIORITY: Record<string, number> = { crash: 2, restart: 1 };
const priorityOf = (d: DiagramMarker) => d.mark?.priority ?? PAGE_PRIORITY[d.kind] ?? 0;
const markerText = (d: DiagramMarker) => (d.kind === 'restart' && !d.mark ? '↻ restart' : d.label);

/** One sentence for a message: the tooltip and the screen reader's text. */
export function messageSentence(m: DiagramMessage, messages: MessageUi): string {
  const style = messages.line(m.type, m.msg);
  const facts = messages.facts(m.type, m.msg).map((f) => `, ${f}`).join('');
  const head = `${style.label} ${name(m.from)}→${name(m.to)}${facts}, sent ${formatSeconds(m.sentAt)}`;
  switch (m.status) {
    case 'delivered':
      return `${head}, delivered ${formatSeconds(m.endAt)}`;
    case 'flight':
      return `${head}, in flight, due ${formatSeconds(m.dueAt)}`;
    case 'dropped':
      return `${head}, lost ${formatSeconds(m.endAt)} (${dropReasonText(m.reason)})`;
  }
}

/** The tooltip of a line: its sentence, and whether a byzantine sender forged it. */
function sentenceOf(m: DiagramMessage, messages: MessageUi): string {
  return m.forged ? `${messageSentence(m, messages)} (forged by a byzantine sender)` : messageSentence(m, messages);
}

export function createSpaceTime(container: HTMLElement, get: SpaceTimeGetters, on: SpaceTimeCallbacks): SpaceTimeController {
  const uid = `st${++instances}`;
  const svg = select(container)
    .append('svg')
    .attr('class', 'spacetime-svg')
    .attr('tabindex', 0)
    .attr('role', 'group')
    .attr('aria-roledescription', 'space-time diagram')
    .attr('aria-label', 'Messages between servers over time. Arrow keys move between messages, Enter selects one.');
  const defs = svg.append('defs');
  defs
    .append('clipPath')
    .attr('id', `${uid}-clip`)
    .append('rect');
  const hatch = defs
    .append('pattern')
    .attr('id', `${uid}-hatch`)
    .attr('patternUnits', 'userSpaceOnUse')
    .attr('width', 8)
    .attr('height', 8)
    .attr('patternTransform', 'rotate(45)');
  hatch.append('rect').attr('width', 8).attr('height', 8).attr('fill', '#f0f0ec');
  hatch.append('rect').attr('width', 3).attr('height', 8).attr('fill', '#c4c4be');

  const lanesG = svg.append('g').attr('class', 'spacetime-lanes');
  const downG = svg.append('g').attr('class', 'spacetime-down').attr('clip-path', `url(#${uid}-clip)`);
  const pausedG = svg.append('g').attr('class', 'spacetime-paused').attr('clip-path', `url(#${uid}-clip)`);
  const actionsG = svg.append('g').attr('class', 'spacetime-actions').attr('clip-path', `url(#${uid}-clip)`);
  // The message lines are painted on a canvas (message-canvas.ts) kept at their place among the
  // SVG's layers (above lanes and spans, under markers) and under its clip: with 25 servers the
  // ~300 lines of a window were ~1,500 SVG elements, 40% of them remade at each redraw (issue 12).
  const messagesG = svg.append('g').attr('class', 'spacetime-messages').attr('clip-path', `url(#${uid}-clip)`);
  const canvasHost = messagesG.append('foreignObject').attr('x', 0).attr('y', 0);
  const canvas = document.createElementNS('http://www.w3.org/1999/xhtml', 'canvas') as HTMLCanvasElement;
  canvas.className = 'spacetime-canvas';
  canvasHost.node()!.append(canvas);
  const ctx = canvas.getContext('2d');
  const colorOf = cssColors(container);
  /** The lines as last painted (for the pointer), and who is lit. */
  let painted: LineToDraw[] = [];
  let hovered: string | null = null;
  let lit: LineHighlights = { selected: null, focused: null, hovered: null };
  const markersG = svg.append('g').attr('class', 'spacetime-markers');
  const axisG = svg.append('g').attr('class', 'spacetime-axis');
  const nowG = svg.append('g').attr('class', 'spacetime-now');
  nowG.append('line');
  nowG.append('text').text('now');
  const labelsG = svg.append('g').attr('class', 'spacetime-labels');

  // The plot's size, kept by an observer: reading it at each redraw forced a layout of the page
  // in the middle of the frame (issue 12).
  const size = { width: container.clientWidth, height: container.clientHeight };
  const sizer = new ResizeObserver((entries) => {
    const box = entries[entries.length - 1]!.contentRect;
    size.width = Math.round(box.width);
    size.height = Math.round(box.height);
  });
  sizer.observe(container);
  let model: DiagramModel | null = null;
  let focusKey: string | null = null;

  const onKey = (event: KeyboardEvent) => {
    if (!model || model.messages.length === 0) return;
    const list = model.messages;
    let i = focusKey === null ? -1 : list.findIndex((m) => m.key === focusKey);
    switch (event.key) {
      case 'ArrowRight':
      case 'ArrowDown':
        i = i < 0 ? list.length - 1 : Math.min(list.length - 1, i + 1);
        break;
      case 'ArrowLeft':
      case 'ArrowUp':
        i = i < 0 ? list.length - 1 : Math.max(0, i - 1);
        break;
      case 'Home':
        i = 0;
        break;
      case 'End':
        i = list.length - 1;
        break;
      case 'Enter':
      case ' ':
        if (focusKey !== null) on.select(focusKey);
        event.preventDefault();
        return;
      case 'Escape':
        focusKey = null;
        on.announce('');
        update();
        return;
      default:
        return;
    }
    event.preventDefault();
    const m = list[i]!;
    focusKey = m.key;
    on.announce(messageSentence(m, get.ui().messages));
    update();
  };
  svg.on('keydown', onKey);
  svg.on('blur', () => {
    focusKey = null;
    on.announce('');
    update();
  });

  // The canvas's lines answer the pointer as the SVG lines did: a pointer cursor, a faint halo
  // and the message's sentence as a tooltip on hover, and a click selects.
  const pointAt = (event: MouseEvent) => {
    const box = canvas.getBoundingClientRect();
    return lineAt(painted, event.clientX - box.left, event.clientY - box.top, lit);
  };
  canvas.addEventListener('mousemove', (event) => {
    const key = pointAt(event);
    if (key === hovered) return;
    hovered = key;
    canvas.style.cursor = key === null ? '' : 'pointer';
    const m = key === null ? undefined : model?.messages.find((d) => d.key === key);
    canvas.title = m ? sentenceOf(m, get.ui().messages) : '';
    paint();
  });
  canvas.addEventListener('mouseleave', () => {
    if (hovered === null) return;
    hovered = null;
    canvas.title = '';
    paint();
  });
  canvas.addEventListener('click', (event) => {
    const key = pointAt(event);
    if (key !== null) on.select(key);
  });

  function update(): void {
    const state = get.state();
    const ui = get.ui();
    const width = Math.max(200, size.width);
    const height = Math.max(120, size.height);
    svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
    const windowUs = get.windowUs();
    const now = state.now;
    model = buildDiagram(state.trace, now, windowUs, state.inFlight, ui.observations);
    if (focusKey !== null && !model.messages.some((m) => m.key === focusKey)) focusKey = null;
    const selectedKey = state.selection?.kind === 'message' ? state.selection.key : null;

    const ids = state.nodes.map((n) => n.id);
    const left = MARGIN.left;
    const right = width - MARGIN.right;
    const x = scaleLinear().domain([model.start, model.end]).range([left, right]);
    const y = scalePoint<number>().domain(ids).range([MARGIN.top, height - MARGIN.bottom]).padding(0.45);
    const laneY = (id: number) => y(id) ?? MARGIN.top;
    const laneGap = ids.length > 1 ? Math.abs(laneY(ids[1]!) - laneY(ids[0]!)) : 40;

    defs.select(`#${uid}-clip rect`).attr('x', left).attr('y', 0).attr('width', Math.max(0, right - left + 2)).attr('height', height);

    // Lanes and their labels (name plus the role glyph, never the colour alone).
    lanesG
      .selectAll<SVGLineElement, number>('line')
      .data(ids, (d) => String(d))
      .join('line')
      .attr('x1', left)
      .attr('x2', right)
      .attr('y1', laneY)
      .attr('y2', laneY)
      .attr('class', (id) => (state.nodes.find((n) => n.id === id)?.up === false ? 'spacetime-lane spacetime-lane--down' : 'spacetime-lane'));
    // Many servers: the names shrink with the lanes, never below 12 px. Lanes closer than that
    // (25 servers) would stack their names into a jumble: then only names that do not overlap
    // show, a marked lane's (leader, down, paused) first; every lane keeps its tooltip-bearing
    // messages, and the inspector names any node.
    const labelPx = Math.max(12, Math.min(17, laneGap * 0.95));
    const laneText = (id: number) => {
      const node = state.nodes.find((n) => n.id === id);
      const glyph = !node ? '' : !node.up ? '✕' : node.paused ? '❄' : ui.node.laneGlyph(node);
      return `${name(id)} ${glyph}`.trim();
    };
    const laneShown =
      laneGap >= labelPx
        ? null
        : placeLabels(
            ids.map((id) => {
              const text = laneText(id);
              return { key: String(id), x: 10, y: laneY(id), width: textWidth(text, labelPx), height: labelPx, priority: text === name(id) ? 0 : 1 };
            }),
            [],
            0,
          );
    labelsG
      .selectAll<SVGTextElement, number>('text')
      .data(ids, (d) => String(d))
      .join('text')
      .attr('x', 10)
      .attr('y', laneY)
      .attr('dy', '0.35em')
      .attr('class', 'spacetime-lane-label')
      .style('font-size', `${labelPx}px`)
      .style('display', (id) => (laneShown === null || laneShown.has(String(id)) ? null : 'none'))
      .text(laneText);

    // Down spans: a hatched band over the lane.
    const band = Math.min(22, laneGap * 0.55);
    downG
      .selectAll<SVGRectElement, (typeof model.down)[number]>('rect')
      .data(model.down, (d) => `${d.node}/${d.from}`)
      .join('rect')
      .attr('x', (d) => x(d.from))
      .attr('width', (d) => Math.max(2, x(d.to) - x(d.from)))
      .attr('y', (d) => laneY(d.node) - band / 2)
      .attr('height', band)
      .attr('fill', `url(#${uid}-hatch)`)
      .attr('class', 'spacetime-downspan');

    // Paused spans: an icy band with a dotted edge over the lane (frozen, not crashed).
    pausedG
      .selectAll<SVGRectElement, (typeof model.paused)[number]>('rect')
      .data(model.paused, (d) => `${d.node}/${d.from}`)
      .join((enter) => enter.append('rect').call((r) => r.append('title').text('paused')))
      .attr('x', (d) => x(d.from))
      .attr('width', (d) => Math.max(2, x(d.to) - x(d.from)))
      .attr('y', (d) => laneY(d.node) - band / 2)
      .attr('height', band)
      .attr('class', 'spacetime-pausedspan');

    drawMessages(model.messages, x, laneY, selectedKey, state.links.network.latencyUs.min, ui.messages, width, height);
    const markerLabels = drawMarkers(model.markers.filter((m) => m.node !== -1), x, laneY);

    // Network actions: a dashed rule across every lane, and a label above where it overlaps no
    // other (two cuts in one millisecond, a leader's label): the rest keep their rule and tooltip.
    const actions = model.markers.filter((m) => m.node === -1);
    const actionText = (d: DiagramMarker) => `✂ ${d.label}`;
    const actionShown = placeLabels(
      actions.map((d) => {
        const width = textWidth(actionText(d), MARKER_FONT_PX);
        return { key: d.key, x: x(d.at) + 4 + width / 2, y: MARGIN.top - 8 - MARKER_FONT_PX * 0.35, width, height: MARKER_FONT_PX, priority: 0 };
      }),
      markerLabels,
    );
    const actionJoin = actionsG
      .selectAll<SVGGElement, DiagramMarker>('g')
      .data(actions, (d) => d.key)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'spacetime-action');
        g.append('title');
        g.append('line');
        g.append('text');
        return g;
      });
    actionJoin.select('title').text((d) => `${d.label} at ${formatSeconds(d.at)}`);
    actionJoin
      .select('line')
      .attr('x1', (d) => x(d.at))
      .attr('x2', (d) => x(d.at))
      .attr('y1', MARGIN.top - 14)
      .attr('y2', height - MARGIN.bottom);
    actionJoin
      .select('text')
      .attr('x', (d) => x(d.at) + 4)
      .attr('y', MARGIN.top - 8)
      .attr('display', (d) => (actionShown.has(d.key) ? null : 'none'))
      .text(actionText);

    axisG
      .attr('transform', `translate(0,${height - MARGIN.bottom + 4})`)
      .call(
        axisBottom(x)
          // Ticks too close to the edges would be clipped or collide with "now".
          .tickValues(x.ticks(Math.max(2, Math.floor((right - left) / 170))).filter((t) => x(t) > left + 30 && x(t) < right - 40 && Math.abs(x(t) - x(model!.now)) > 40))
          .tickSizeOuter(0)
          .tickFormat((v) => formatSeconds(Number(v))),
      );
    const nowX = x(model.now);
    nowG.select('line').attr('x1', nowX).attr('x2', nowX).attr('y1', MARGIN.top - 16).attr('y2', height - MARGIN.bottom + 4);
    nowG.select('text').attr('x', nowX - 4).attr('y', MARGIN.top - 10).attr('text-anchor', 'end');
  }

  /** Paints the lines of `painted` at the canvas's size, with who is lit now. */
  function paint(): void {
    if (!ctx) return;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, canvas.width / dpr, canvas.height / dpr);
    lit = { ...lit, hovered };
    paintLines(ctx, painted, lit, colorOf);
  }

  function drawMessages(
    messages: DiagramMessage[],
    x: (t: number) => number,
    laneY: (id: number) => number,
    selectedKey: string | null,
    nominalLatencyUs: number,
    lines: MessageUi,
    width: number,
    height: number,
  ): void {
    const dpr = window.devicePixelRatio || 1;
    canvasHost.attr('width', width).attr('height', height);
    if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
    }
    painted = messages.map((m) => {
      const x1 = x(m.sentAt);
      const y1 = laneY(m.from);
      const yTo = laneY(m.to);
      const base = { key: m.key, status: m.status, style: lines.line(m.type, m.msg), forged: m.forged === true, x1, y1 };
      // Refused at send: drawn over a nominal latency to the receiver's lane, where it never arrives.
      if (m.atSend) return { ...base, x2: x(m.sentAt + nominalLatencyUs), y2: yTo };
      const t = m.sentAt + m.progress * (m.dueAt - m.sentAt);
      return { ...base, x2: x(m.status === 'delivered' ? m.endAt : t), y2: y1 + m.progress * (yTo - y1) };
    });
    if (hovered !== null && !messages.some((m) => m.key === hovered)) {
      hovered = null;
      canvas.title = '';
      canvas.style.cursor = '';
    }
    lit = { selected: selectedKey, focused: focusKey, hovered };
    paint();
  }

  /** Draws the nodes' markers; returns the boxes of the labels shown (what other labels must avoid). */
  function drawMarkers(markers: DiagramMarker[], x: (t: number) => number, laneY: (id: number) => number): Box[] {
    const shapes = {
      diamond: symbol(symbolDiamond, 150)() ?? '',
      star: symbol(symbolStar, 260)() ?? '',
      crash: symbol(symbolCross, 220)() ?? '',
    };
    // Labels that would overlap another (several candidates in one millisecond) stay hidden.
    const candidates = markers.map((d) => ({
      key: d.key,
      x: x(d.at),
      y: laneY(d.node) - 17,
      width: textWidth(markerText(d), MARKER_FONT_PX),
      height: MARKER_FONT_PX,
      priority: priorityOf(d),
    }));
    const shown = placeLabels(
      candidates,
      markers.map((d) => ({ x: x(d.at), y: laneY(d.node), width: MARKER_SIZE_PX, height: MARKER_SIZE_PX })),
    );
    const join = markersG
      .selectAll<SVGGElement, DiagramMarker>('g')
      .data(markers, (d) => d.key)
      .join((enter) => {
        const g = enter.append('g');
        g.append('title');
        g.append('path');
        g.append('text');
        return g;
      });
    join
      .attr('class', (d) => `spacetime-marker spacetime-marker--${d.kind}`)
      .attr('transform', (d) => `translate(${x(d.at)},${laneY(d.node)})`)
      .each(function (this: SVGGElement, d) {
        const g = select(this) as Selection<SVGGElement, DiagramMarker, null, undefined>;
        g.select('title').text(`${name(d.node)}: ${d.mark ? d.mark.title : d.label} at ${formatSeconds(d.at)}`);
        const path = g.select('path');
        if (d.mark) {
          path.attr('d', shapes[d.mark.shape]).attr('transform', null).attr('fill', d.mark.fill);
        } else if (d.kind === 'restart') {
          path.attr('d', 'M7,0A7,7 0 1,1 -7,0A7,7 0 1,1 7,0Z').attr('transform', null).attr('fill', '#fff');
        } else {
          path.attr('d', shapes.crash).attr('transform', 'rotate(45)').attr('fill', null);
        }
        g.select('text')
          .attr('x', 0)
          .attr('y', -13)
          .attr('text-anchor', 'middle')
          .attr('display', shown.has(d.key) ? null : 'none')
          .text(markerText(d));
      });
    return candidates.filter((c) => shown.has(c.key));
  }

  return {
    update,
    destroy() {
      sizer.disconnect();
      svg.on('keydown', null).on('blur', null);
      svg.remove();
    },
  };
}
