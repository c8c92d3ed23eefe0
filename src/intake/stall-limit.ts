import { UnreadableFileError } from './table-row.js';

/** How long a file may give no row before its read counts as stalled (seconds of nothing, not the whole read). */
export const READ_STALL_MS = 60_000;

/**
 * The rows of a file, ended with an UnreadableFileError when none comes for `ms`: a damaged workbook whose reader
 * waits for data that never comes must not hang the command or the portal's upload for good. Only the wait for
 * the next row is timed, not what the caller does with a row.
 */
export async function* withStallLimit<T>(rows: AsyncIterable<T>, ms: number, file: string): AsyncGenerator<T> {
  const iterator = rows[Symbol.asyncIterator]();
  // One timer for the whole read, restarted (refresh) each time a row is awaited, rather than a timer made for each
  // of a million rows; it stops only the wait in progress. Not Promise.race against one long-lived promise: each
  // race leaves a reaction on it, a million of them by the end of a big file (measured: 1.9 GB max RSS at 1M rows).
  let stopWait: ((error: Error) => void) | undefined;
  let stalled = false;
  const timer = setTimeout(() => {
    if (!stopWait) return;
    stalled = true;
    const wait = ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
    stopWait(new UnreadableFileError(`${file}: no row came for ${wait} and the read was stopped (a damaged or unfinished file?); save it again and import that`));
  }, ms);
  try {
    for (;;) {
      const next = await new Promise<IteratorResult<T>>((resolve, reject) => {
        stopWait = reject;
        timer.refresh();
        iterator.next().then(resolve, reject);
      });
      stopWait = undefined;
      if (next.done) return;
      yield next.value;
    }
  } finally {
    stopWait = undefined;
    clearTimeout(timer);
    // A stalled reader may never answer: ask it to stop without waiting for it (the file is closed by its owner).
    if (stalled) void Promise.resolve(iterator.return?.()).catch(() => undefined);
    else await iterator.return?.();
  }
}
