import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['mock-server/**/*.test.ts', 'cli/**/*.test.ts', 'conformance/**/*.test.ts', 'contracts/**/*.test.ts', 'reliability/**/*.test.ts'],
    setupFiles: ['mock-server/test/remove-scratch-folders.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ['default', ['junit', { outputFile: 'out/junit.xml' }]],
  },
});
