import { createInterface } from 'node:readline';
import { z } from 'zod';
import { answerDueQuery, type DueQuery } from '../core/due-query.js';
import { InputError } from '../core/errors.js';
import { CONSULTED_PARTIES } from '../core/request-reply.js';
import type { RuleBook } from '../core/rule-book.js';
import { parseInstant } from '../core/shanghai-time.js';
import { EXTRA_EVENT_NAMES } from './due-query-input.js';
import { UsageError } from './usage-error.js';

/*
 * `due --batch`: many queries as JSON lines on stdin. Loaded only for it: zod, which checks each line, was a tenth
 * of a single call's start-up.
 */

const consultation = z.strictObject({ from: z.string(), to: z.string().optional(), party: z.enum(CONSULTED_PARTIES).optional() });

/** One line of `due --batch`. */
export const batchLineSchema = z
  .strictObject({
    rule: z.string().min(1).optional(),
    jurisdiction: z.string().min(1).optional(),
    category: z.string().min(1).optional(),
    decision: z.string().min(1).optional(),
    at: z.string({ error: '"at" is required: the time of the event that starts the clock' }),
    events: z.partialRecord(z.enum(EXTRA_EVENT_NAMES), z.string()).optional(),
    consultations: z.array(consultation).optional(),
    extensionDays: z.number().int().optional(),
  });

export function queryFromBatchLine(line: z.infer<typeof batchLineSchema>): DueQuery {
  const { events, consultations, extensionDays, ...rest } = line;
  return { ...rest, events: { ...events, consultations, extensionDays } };
}

function answerLine(book: RuleBook, line: string): object {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { error: `not a JSON object: ${line.length > 60 ? `${line.slice(0, 60)}…` : line}` };
  }
  const parsed = batchLineSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { error: `${issue?.path.join('.') || 'line'}: ${issue?.message ?? 'invalid'}` };
  }
  try {
    parseInstant(parsed.data.at, '"at"');
    return answerDueQuery(book, queryFromBatchLine(parsed.data));
  } catch (error) {
    // Whatever goes wrong with one line stays on that line: the run answers every line.
    return { error: error instanceof InputError ? error.message : `internal error: ${(error as Error).message}` };
  }
}

/** One JSON line out for every line in, in order; a bad line answers {"error": …} and the run goes on. */
export async function runBatch(book: RuleBook): Promise<void> {
  if (process.stdin.isTTY) throw new UsageError('--batch reads JSON lines from stdin: pipe a file into it');
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    const answer = line.trim() === '' ? { error: 'empty line' } : answerLine(book, line);
    if (!process.stdout.write(`${JSON.stringify(answer)}\n`)) {
      await new Promise((resolve) => process.stdout.once('drain', resolve));
    }
  }
}
