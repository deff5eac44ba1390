import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MESH_SCENARIOS } from '../engine/protocols/mesh/builtin-scenarios';

/** Run from the repository's root. Writes the mesh's built-in scenarios (engine/protocols/mesh/builtin-scenarios.ts) to public/scenarios/. */
for (const [id, entry] of Object.entries(MESH_SCENARIOS)) {
  const s = entry.make();
  const line = (v: unknown) => JSON.stringify(v);
  const text = [
    '{',
    `  "version": ${s.version},`,
    `  "seed": ${s.seed},`,
    `  "protocol": ${line(s.protocol)},`,
    `  "nodes": ${s.nodes},`,
    `  "topology": ${line(s.topology)},`,
    `  "initiallyDown": ${line(s.initiallyDown)},`,
    `  "network": ${line(s.network)},`,
    `  "workload": ${line(s.workload)},`,
    `  "timeline": [`,
    s.timeline.map((t) => `    ${line(t)}`).join(',\n'),
    '  ],',
    `  "untilUs": ${s.untilUs},`,
    `  "healedAtUs": ${line(s.healedAtUs)}`,
    '}',
    '',
  ].join('\n');
  writeFileSync(join('public', 'scenarios', `${id}.json`), text);
  console.log(id, entry.title);
}
