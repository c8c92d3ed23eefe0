import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/cache-dir-setup.ts'],
    // CLI tests spawn tsx processes; give them room on a 2-core machine.
    testTimeout: 30_000,
    // Set-up hooks compose digests (their charts drawn in a child process) and fill ledgers: vitest's default 10 s is
    // tight for them on a loaded machine, and a hook that times out fails every test of its file.
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
