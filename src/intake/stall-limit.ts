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
  let stalled = false;
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          stalled = true;
          reject(new UnreadableFileError(`${file}: no row came for ${ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`} and the read was stopped (a damaged or unfinished file?); save it again and import that`));
        }, ms);
      });
      let next: IteratorResult<T>;
      try {
        next = await Promise.race([iterator.next(), limit]);
      } finally {
        clearTimeout(timer);
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    // A stalled reader may never answer: ask it to stop without waiting for it (the file is closed by its owner).
    if (stalled) void Promise.resolve(iterator.return?.()).catch(() => undefined);
    else await iterator.return?.();
  }
}
