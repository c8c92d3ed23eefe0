/** Bad command-line arguments: one line on stderr and exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
