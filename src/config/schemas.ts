import { z } from 'zod';
import { isIsoDate } from '../core/civil-date.js';
import { EVENT_NAMES } from '../core/rule-types.js';
import { parseCutoff } from '../core/cutoff.js';

/** Schemas of the admin's files under config/. Objects are strict so that a misspelt key is reported, not ignored. */

const isoDate = z.string().refine(isIsoDate, { message: 'must be an existing date written YYYY-MM-DD' });
const text = z.string().trim().min(1, 'must not be empty');
const id = z
  .string()
  .regex(/^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/, 'must be lower-case words joined by dots, e.g. procurement.transaction');

export const calendarYearSchema = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  notice: text,
  published: isoDate.optional(),
  // A later notice that changed this year's schedule, e.g. 国办发明电〔2020〕1号 (the 2020 Spring Festival extension).
  amendedBy: text.optional(),
  sources: z.array(z.url()).optional(),
  holidays: z.array(
    z.strictObject({
      name: text,
      nameEn: text.optional(),
      off: z.array(isoDate).min(1, 'a holiday needs at least one day off'),
      makeupWorkdays: z.array(isoDate).default([]),
      note: z.string().optional(),
    }),
  ),
});
export type CalendarYearFile = z.infer<typeof calendarYearSchema>;

const adjustment = z.strictObject({ date: isoDate, reason: text });
export const localCalendarSchema = z.strictObject({
  jurisdiction: id,
  closures: z.array(adjustment).default([]),
  workdays: z.array(adjustment).default([]),
});
export type LocalCalendarFile = z.infer<typeof localCalendarSchema>;

const legalBasis = z.strictObject({ document: text, section: text, quote: text.optional() });
const common = {
  id,
  name: text,
  eventName: text.optional(),
  legalBasis,
};
const event = z.enum(EVENT_NAMES);
const days = z.number().int().min(1).max(366);

export const ruleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...common, kind: z.literal('workingDaysAfter'), event, days }),
  z.strictObject({ ...common, kind: z.literal('workingDaysBefore'), event, days }),
  z.strictObject({ ...common, kind: z.literal('hoursAfter'), event, hours: z.number().int().min(1).max(24 * 366) }),
  z.strictObject({ ...common, kind: z.literal('sameDay'), event }),
  z.strictObject({ ...common, kind: z.literal('beforeEvent'), event }),
  z.strictObject({ ...common, kind: z.literal('periodEnd'), event: z.literal('periodEnd').default('periodEnd') }),
  z.strictObject({
    ...common,
    kind: z.literal('annual'),
    event,
    by: z
      .string()
      .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be MM-DD')
      .refine((value) => isIsoDate(`2001-${value}`), { message: 'must be a day every year has (not 02-29)' }),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('requestReply'),
    event: z.literal('received').default('received'),
    days: days.default(20),
    extensionDays: z.number().int().min(0).max(366).default(20),
    supplementRequestDays: days.default(7),
    consultationDays: days.default(15),
  }),
]);
export type RuleFileEntry = z.infer<typeof ruleSchema>;

export const rulesFileSchema = z.strictObject({
  jurisdiction: z.strictObject({
    id,
    name: text,
    parent: id.optional(),
    cutoff: z
      .string()
      .refine((value) => parseCutoff(value) !== undefined, { message: 'must be a time HH:MM between 00:00 and 24:00' })
      .optional(),
    locale: z.enum(['zh', 'en']).optional(),
  }),
  rules: z.array(ruleSchema).default([]),
  categories: z.record(id, id).default({}),
});
export type RulesFile = z.infer<typeof rulesFileSchema>;

export const categoriesFileSchema = z.strictObject({
  domains: z.array(z.strictObject({ id, name: text, nameEn: text.optional() })).min(1),
  categories: z.array(z.strictObject({ id, name: text, domain: id })).min(1),
});
export type CategoriesFile = z.infer<typeof categoriesFileSchema>;
