import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/cache-dir-setup.ts'],
    // CLI tests spawn tsx processes; give them room on a 2-core machine.
    testTimeout: 30_000,
    reporters: ['default'],
  },
});
