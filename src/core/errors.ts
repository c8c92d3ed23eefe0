/** A value given to the core is wrong: a date that does not exist, a missing event, an unknown rule. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** A rule id, jurisdiction or category that does not exist; carries the closest known names. */
export class UnknownNameError extends InputError {
  constructor(
    readonly what: string,
    readonly value: string,
    readonly suggestions: readonly string[],
    context = '',
  ) {
    const hint = suggestions.length > 0 ? `; did you mean ${suggestions.join(', ')}?` : '';
    super(`unknown ${what} "${value}"${context}${hint}`);
  }
}

/** A date outside the years the calendar answers for (2000–2100). */
export class OutOfRangeError extends InputError {}
