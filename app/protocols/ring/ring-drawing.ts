import { arc as d3arc, select } from 'd3';
import { nodeColor, type RingModel } from './ring-model';

/**
 * The ring drawn with d3 in a 220 × 220 viewBox, created once and fed models
 * (`{ update, destroy }`, after xyflow's d3 pieces): the members' arcs as a coloured band, their
 * virtual nodes as ticks, every key as a dot at its hash's angle in its holder's colour with a
 * thin arc clockwise to the ring point that owns it. When a key changes holder its dot flies out,
 * takes the new colour and comes back, so the keys a membership change moves are the ones that
 * jump; a key in a chunk on its way is hollow, ringed in its sender's colour.
 */
export const RING_SIZE = 220;
const C = RING_SIZE / 2;
const R = 82;
const KEY_R = (key: number) => R - 10 - (key % 3) * 6;

const polar = (angle: number, r: number): [number, number] => [C + r * Math.sin(angle), C - r * Math.cos(angle)];

export interface RingDrawing {
  update(model: RingModel): void;
  destroy(): void;
}

export function createRingDrawing(svgElement: SVGSVGElement, reducedMotion: () => boolean): RingDrawing {
  const svg = select(svgElement);
  const root = svg.append('g').attr('class', 'ring-root');
  root.append('circle').attr('class', 'ring-base').attr('cx', C).attr('cy', C).attr('r', R);
  // d3.arc draws around the origin: the band and the walks are moved to the ring's centre (without
  // this they were drawn around the panel's top-left corner, spilling out of it).
  const bands = root.append('g').attr('class', 'ring-bands').attr('transform', `translate(${C},${C})`);
  const ticks = root.append('g').attr('class', 'ring-ticks');
  const walks = root.append('g').attr('class', 'ring-walks').attr('transform', `translate(${C},${C})`);
  const dots = root.append('g').attr('class', 'ring-keys');
  const center = root.append('g').attr('class', 'ring-center');
  const title = center.append('text').attr('x', C).attr('y', C - 3).attr('text-anchor', 'middle').attr('class', 'ring-center-big');
  const sub = center.append('text').attr('x', C).attr('y', C + 19).attr('text-anchor', 'middle').attr('class', 'ring-center-small');
  const band = d3arc<{ start: number; end: number }>()
    .innerRadius(R)
    .outerRadius(R + 9)
    .startAngle((d) => d.start)
    .endAngle((d) => d.end);
  const lastHolder = new Map<number, number>();

  function update(model: RingModel): void {
    const animate = !reducedMotion();
    // The band: each ring point owns the arc from the point before it (clockwise) up to itself.
    const arcs = model.points.map((p, i) => {
      const prev = model.points[(i - 1 + model.points.length) % model.points.length]!;
      const start = prev.angle;
      const end = p.angle > start || model.points.length === 1 ? p.angle + (model.points.length === 1 ? Math.PI * 2 : 0) : p.angle + Math.PI * 2;
      return { start, end, member: p.member, key: `${p.member}#${p.vnode}` };
    });
    bands
      .selectAll<SVGPathElement, (typeof arcs)[number]>('path')
      .data(arcs, (d) => d.key)
      .join('path')
      .attr('d', (d) => band(d))
      .attr('fill', (d) => nodeColor(d.member));
    ticks
      .selectAll<SVGLineElement, RingModel['points'][number]>('line')
      .data(model.points, (d) => `${d.member}#${d.vnode}`)
      .join('line')
      .attr('x1', (d) => polar(d.angle, R)[0])
      .attr('y1', (d) => polar(d.angle, R)[1])
      .attr('x2', (d) => polar(d.angle, R + 9)[0])
      .attr('y2', (d) => polar(d.angle, R + 9)[1])
      .attr('stroke', (d) => nodeColor(d.member));

    // Each key's walk clockwise to the point that owns it (the consistent-hashing rule, drawn).
    const walkArc = d3arc<{ key: number; start: number; end: number }>()
      .innerRadius((d) => KEY_R(d.key))
      .outerRadius((d) => KEY_R(d.key))
      .startAngle((d) => d.start)
      .endAngle((d) => d.end);
    const walkData = model.keys
      .filter((k) => k.ownerAngle !== null)
      .map((k) => ({ key: k.key, start: k.angle, end: k.ownerAngle! >= k.angle ? k.ownerAngle! : k.ownerAngle! + Math.PI * 2, owner: k.owner }));
    walks
      .selectAll<SVGPathElement, (typeof walkData)[number]>('path')
      .data(walkData, (d) => String(d.key))
      .join('path')
      .attr('d', (d) => walkArc(d))
      .attr('stroke', (d) => nodeColor(d.owner));

    const keyDots = dots
      .selectAll<SVGCircleElement, RingModel['keys'][number]>('circle')
      .data(model.keys, (d) => String(d.key))
      .join((enter) =>
        enter
          .append('circle')
          .attr('r', 4)
          .attr('role', 'img')
          .attr('cx', (d) => polar(d.angle, KEY_R(d.key))[0])
          .attr('cy', (d) => polar(d.angle, KEY_R(d.key))[1]),
      )
      .attr('aria-label', (d) => d.label)
      .attr('class', (d) => (d.movingTo !== null ? 'ring-key ring-key--moving' : d.holder !== d.owner ? 'ring-key ring-key--misplaced' : 'ring-key'))
      .attr('stroke', (d) => (d.movingTo !== null ? nodeColor(d.holder) : '#fff'));
    keyDots.selectAll('title').data((d) => [d.label]).join('title').text((d) => d);

    keyDots.each(function (d) {
      const dot = select(this);
      const before = lastHolder.get(d.key);
      const fill = d.movingTo !== null ? nodeColor(d.movingTo) : nodeColor(d.holder);
      lastHolder.set(d.key, d.holder);
      const [x, y] = polar(d.angle, KEY_R(d.key));
      if (animate && before !== undefined && before !== d.holder && d.holder >= 0) {
        // The key jumps out of the ring and lands in its new owner's colour.
        const [ox, oy] = polar(d.angle, R + 22);
        dot
          .interrupt()
          .transition()
          .duration(350)
          .attr('cx', ox)
          .attr('cy', oy)
          .attr('r', 5.5)
          .transition()
          .duration(450)
          .attr('cx', x)
          .attr('cy', y)
          .attr('r', 4)
          .attr('fill', fill);
      } else {
        dot.interrupt().attr('cx', x).attr('cy', y).attr('r', 4).attr('fill', fill);
      }
    });

    title.text(`${model.keys.length} keys`);
    sub.text(model.misplaced > 0 ? `${model.misplaced} moving` : `${model.members.filter((m) => m.member).length} members`);
  }

  return {
    update,
    destroy: () => {
      root.selectAll('*').interrupt();
      root.remove();
    },
  };
}

