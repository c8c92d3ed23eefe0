import { InputError } from '../core/errors.js';
import { checkLength, parseUrl } from './field-parsers.js';

/** How an item's duty was met, as a person gives it: a web address, or a delivered document's number and delivery. */
export interface AnswerInput {
  readonly url?: string | undefined;
  /** 答复文号 / 报送文号 */
  readonly reference?: string | undefined;
  /** 送达方式 */
  readonly delivery?: string | undefined;
}

export interface AnswerRecord {
  readonly publishedUrl?: string | undefined;
  readonly replyReference?: string | undefined;
  readonly deliveryMethod?: string | undefined;
}

export type AnswerField = keyof AnswerInput;

/** A problem with what was given, naming the part it is about (the import names its column). */
export class AnswerProblem extends InputError {
  constructor(
    readonly field: AnswerField,
    message: string,
  ) {
    super(message);
  }
}

/**
 * What a publication is recorded with. Most items are published online: a web address. An item whose category is
 * `delivered` (a reply to a disclosure request, 条例第三十六条; a report to the office, 第四十九条) is met by a document
 * delivered to a person or an office: its number (答复文号) and how it was delivered (送达方式), with or without an
 * address. Throws AnswerProblem naming the part that is missing or wrong.
 */
export function checkAnswer(input: AnswerInput, delivered: boolean): AnswerRecord {
  const url = input.url?.trim() || undefined;
  const reference = input.reference?.trim() || undefined;
  const delivery = input.delivery?.trim() || undefined;
  if (!delivered && (reference || delivery)) {
    throw new AnswerProblem(reference ? 'reference' : 'delivery', 'a document number and delivery (答复文号, 送达方式) are for replies to requests and reports to the office; this item is published online: give its web address');
  }
  if (!url && !delivered) throw new AnswerProblem('url', 'a publication needs its web address');
  if (!url && !(reference && delivery)) {
    throw new AnswerProblem(
      reference ? 'delivery' : 'reference',
      'a reply or report is recorded with its document number (答复文号) and how it was delivered (送达方式), or with the web address it was published at',
    );
  }
  if (delivered && (reference || delivery) && !(reference && delivery)) {
    throw new AnswerProblem(reference ? 'delivery' : 'reference', 'a document number (答复文号) and how it was delivered (送达方式) go together');
  }
  return {
    publishedUrl: url ? about('url', () => parseUrl(url)) : undefined,
    replyReference: reference ? about('reference', () => checkLength(reference, 'documentNumber', 'the document number')) : undefined,
    deliveryMethod: delivery ? about('delivery', () => checkLength(delivery, 'delivery', 'the delivery')) : undefined,
  };
}

/** A value's own check, its refusal naming the part it is about. */
function about<T>(field: AnswerField, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof InputError && !(error instanceof AnswerProblem)) throw new AnswerProblem(field, error.message);
    throw error;
  }
}
