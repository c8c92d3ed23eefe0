/**
 * resvg's library allocates through mimalloc, which gives freed pages back to the system only after a delay (10 ms),
 * and only when it is next called: the worker draws its charts once a day, so the pages of the last drawing stayed
 * in its memory until the next day's (8–15 MB of the worker's RSS, measured). A delay of 0 gives them back as they
 * are freed. mimalloc reads its options when the library is loaded, so this module is imported before resvg
 * (chart-png.ts); an admin's own MIMALLOC_PURGE_DELAY is kept.
 */
process.env.MIMALLOC_PURGE_DELAY ??= '0';
