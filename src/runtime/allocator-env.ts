/**
 * glibc's allocator settings the worker is started with: `npm start` and the Docker image set them (package.json,
 * Dockerfile; a test keeps the three the same), and an admin's own values are kept. glibc reads them once, when the
 * process starts, so they cannot be set from inside it.
 *
 * - `MALLOC_MMAP_THRESHOLD_`: a fixed threshold turns off glibc's sliding one. By default, once a large block that
 *   had its own mapping is freed (PGlite's 6 MB file bundle when the worker reopens the ledger), blocks up to that
 *   size come from the main heap instead, which is only ever given back from its top: the embedded worker kept 9–11
 *   MB of freed memory for as long as it ran (a first start's steady 176–177 MB without, 165–166 MB with 128 KB; a
 *   later start's 155–162 MB without, 146–147 MB with). 32 KB rather than 128 KB also gives their own mappings to
 *   the blocks V8's compilers work in, which are freed when a compilation ends (150–151 against 153–155 MB, a first
 *   start with the charts drawn apart).
 * - `MALLOC_ARENA_MAX`: at most two allocation arenas, where glibc would give each of the process's threads (the
 *   thread pool, V8's helpers) its own, each keeping its freed blocks apart.
 */
export const ALLOCATOR_ENV: Readonly<Record<string, string>> = {
  MALLOC_MMAP_THRESHOLD_: '32768',
  MALLOC_ARENA_MAX: '2',
};

/** The settings this process was started without (none on systems whose C library is not glibc's: they do nothing there). */
export function missingAllocatorSettings(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string[] {
  if (platform !== 'linux') return [];
  return Object.keys(ALLOCATOR_ENV).filter((name) => env[name] === undefined);
}
