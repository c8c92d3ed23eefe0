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
  // One timer for the whole read, restarted (refresh) each time a row is awaited, rather than a timer and a promise
  // made for each of a million rows. It fires only while a row is awaited.
  let waiting = false;
  let stalled = false;
  let stop: (error: Error) => void = () => undefined;
  const limit = new Promise<never>((_, reject) => (stop = reject));
  limit.catch(() => undefined); // raced below; never left unhandled when the read ends first
  const timer = setTimeout(() => {
    if (!waiting) return;
    stalled = true;
    const wait = ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
    stop(new UnreadableFileError(`${file}: no row came for ${wait} and the read was stopped (a damaged or unfinished file?); save it again and import that`));
  }, ms);
  try {
    for (;;) {
      waiting = true;
      timer.refresh();
      const next = await Promise.race([iterator.next(), limit]);
      waiting = false;
      if (next.done) return;
      yield next.value;
    }
  } finally {
    clearTimeout(timer);
    // A stalled reader may never answer: ask it to stop without waiting for it (the file is closed by its owner).
    if (stalled) void Promise.resolve(iterator.return?.()).catch(() => undefined);
    else await iterator.return?.();
  }
}
