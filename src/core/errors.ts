import { didYouMean } from './suggest.js';

/** A value given to the core is wrong: a date that does not exist, a missing event, an unknown rule. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** A rule id, jurisdiction or category that does not exist; the message names the closest known ones. */
export class UnknownNameError extends InputError {
  constructor(what: string, value: string, known: Iterable<string>, context = '') {
    super(`unknown ${what} "${value}"${context}${didYouMean(value, known)}`);
  }
}

/** A date outside the years the calendar answers for (2000–2100). */
export class OutOfRangeError extends InputError {}
