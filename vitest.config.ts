import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['engine/**/*.test.ts', 'workers/**/*.test.ts', 'app/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Worker-runner tests start many threads of their own: keep the files from competing.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
