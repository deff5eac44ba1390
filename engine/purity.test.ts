import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every TypeScript source file under `dir`, tests excluded. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

const engineDir = join(__dirname);

describe('Architecture Invariant: nothing in engine/ reads a clock, draws unseeded randomness or touches the host', () => {
  const forbidden: [RegExp, string][] = [
    [/Math\.random\s*\(/, 'Math.random (use the context random stream)'],
    [/Date\.now\s*\(|new Date\s*\(/, 'Date (virtual time only)'],
    [/performance\.now\s*\(/, 'performance.now (virtual time only)'],
    [/\bset(Timeout|Interval|Immediate)\s*\(/, 'wall-clock timers (use ctx.setTimer)'],
    [/\bfrom\s+['"](\.\.\/)+(app|workers)\//, 'imports from app/ or workers/ (engine imports neither)'],
    [/\bfrom\s+['"](react|react-dom|comlink|d3|@xyflow\/react|zustand)['"]/, 'UI or worker libraries'],
    [/\b(window|document|postMessage|importScripts)\b\s*[.(]/, 'the DOM or worker API'],
  ];
  for (const file of sources(engineDir)) {
    it(relative(engineDir, file), () => {
      const text = readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => !line.trim().startsWith('*') && !line.trim().startsWith('//'))
        .join('\n');
      for (const [pattern, what] of forbidden) expect(text, `${file} uses ${what}`).not.toMatch(pattern);
    });
  }

  it('catches a violation (the check itself can fail)', () => {
    expect('const x = Math.random();').toMatch(forbidden[0]![0]);
    expect("import { x } from '../../workers/wire';").toMatch(forbidden[4]![0]);
  });
});
