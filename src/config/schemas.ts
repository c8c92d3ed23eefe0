import { z } from 'zod';
import { isIsoDate } from '../core/civil-date.js';
import { parseCutoff } from '../core/cutoff.js';
import { RECIPIENTS, STAGES } from '../core/ladder.js';
import { JOBS } from '../core/schedule.js';

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
  holidays: z
    .array(
      z.strictObject({
        name: text,
        nameEn: text.optional(),
        off: z.array(isoDate).min(1, 'a holiday needs at least one day off'),
        makeupWorkdays: z.array(isoDate).default([]),
        note: z.string().optional(),
      }),
    )
    .min(1, 'a notice year needs its holidays; a file without them would count the year as weekends-only'),
});
export type CalendarYearFile = z.infer<typeof calendarYearSchema>;

const adjustment = z.strictObject({ date: isoDate, reason: text });
export const localCalendarSchema = z.strictObject({
  jurisdiction: id,
  closures: z.array(adjustment).default([]),
  workdays: z.array(adjustment).default([]),
});
export type LocalCalendarFile = z.infer<typeof localCalendarSchema>;

// `unverified` says why the text could not be checked against a public copy of the document (shown with the rule).
const legalBasis = z.strictObject({ document: text, section: text, quote: text.optional(), unverified: text.optional() });
// minimumPeriod: the shortest publicity period the law allows (公示期不少于N日 / N个工作日), from the publication to
// the end the item records (期间届满日期); a shorter one is warned of. `section` names where the law says so.
const minimumPeriod = z.strictObject({ days: z.number().int().min(1).max(366), unit: z.enum(['naturalDays', 'workingDays']), section: text });
const common = {
  id,
  name: text,
  eventName: text.optional(),
  legalBasis,
  minimumPeriod: minimumPeriod.optional(),
};
/** Events that have happened when the clock starts; "before" rules count back from a future `event`. */
const pastEvent = z.enum(['formed', 'decided', 'received', 'submitted', 'verified'], {
  error: 'must be one of formed, decided, received, submitted, verified (a rule counting forward starts from something that happened)',
});
const futureEvent = z.literal('event', { error: 'must be "event": a rule counting back starts from a future event' }).default('event');
const days = z.number().int().min(1).max(366);

export const ruleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...common, kind: z.literal('workingDaysAfter'), event: pastEvent, days }),
  z.strictObject({ ...common, kind: z.literal('workingDaysBefore'), event: futureEvent, days }),
  z.strictObject({ ...common, kind: z.literal('naturalDaysAfter'), event: pastEvent, days }),
  z.strictObject({ ...common, kind: z.literal('naturalDaysBefore'), event: futureEvent, days }),
  z.strictObject({ ...common, kind: z.literal('hoursAfter'), event: pastEvent, hours: z.number().int().min(1).max(24 * 366) }),
  z.strictObject({ ...common, kind: z.literal('sameDay'), event: pastEvent }),
  z.strictObject({ ...common, kind: z.literal('beforeEvent'), event: futureEvent }),
  z.strictObject({ ...common, kind: z.literal('periodEnd'), event: z.literal('periodEnd').default('periodEnd') }),
  z.strictObject({
    ...common,
    kind: z.literal('annual'),
    event: pastEvent,
    by: z
      .string()
      .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be MM-DD')
      .refine((value) => isIsoDate(`2001-${value}`), { message: 'must be a day every year has (not 02-29)' }),
    // "following": the duty for a year falls in the next one (e.g. the annual report by 01-31, 条例第四十九条).
    year: z.enum(['same', 'following']).default('same'),
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
      .transform((value, context) => {
        const cutoff = parseCutoff(value);
        if (!cutoff) context.addIssue({ code: 'custom', message: 'must be a time HH:MM from 12:00 to 24:00 (when deadline days end)' });
        return cutoff ?? z.NEVER;
      })
      .optional(),
    locale: z.enum(['zh', 'en']).optional(),
  }),
  rules: z.array(ruleSchema).default([]),
  categories: z.record(id, id).default({}),
  // A rule id that moved elsewhere (e.g. into national.yaml) → the rule that now answers for it. Rule ids are a
  // contract other tools use: an old id keeps answering through `due`.
  aliases: z.record(id, id).default({}),
});
export type RulesFile = z.infer<typeof rulesFileSchema>;

export const categoriesFileSchema = z.strictObject({
  domains: z.array(z.strictObject({ id, name: text, nameEn: text.optional() })).min(1),
  // formerNames: names a category was known by, still accepted in imports (a clerk's saved sheet keeps working).
  // delivered: the duty is met by a document delivered to a person or office (a request's reply, a report), recorded
  // with its number and how it was delivered; no web address needed.
  categories: z.array(z.strictObject({ id, name: text, domain: id, formerNames: z.array(text).optional(), delivered: z.boolean().optional() })).min(1),
});
export type CategoriesFile = z.infer<typeof categoriesFileSchema>;

/** Plain addresses only: a name or a CR/LF smuggled into an address could redirect mail (header injection). */
export const emailSchema = z.email({ error: 'must be a plain e-mail address like gongkai@czj.example.gov.cn' });
const email = emailSchema;

export const departmentsFileSchema = z.strictObject({
  jurisdiction: id,
  supervisor: z.strictObject({ name: text, emails: z.array(email).min(1, 'the supervisor needs at least one address') }),
  departments: z
    .array(
      z.strictObject({
        code: id,
        name: text,
        // Checked one by one in check-departments.ts, so that a bad address is reported with the department's name.
        reminders: z.array(z.string()),
        leader: z.string().optional(),
      }),
    )
    .min(1),
});
export type DepartmentsFile = z.infer<typeof departmentsFileSchema>;

export const mailFileSchema = z.strictObject({
  admin: z.strictObject({ emails: z.array(email).min(1, 'list at least one admin address, or leave admin out') }).optional(),
  ratePerMinute: z.number().int().positive().optional(),
});
export type MailFile = z.infer<typeof mailFileSchema>;

const ladderSteps = z
  .array(
    z.strictObject({
      stage: z.enum(STAGES),
      at: z.number().int().min(-60).max(60),
      notify: z.array(z.enum(RECIPIENTS)).min(1, 'a step must tell someone'),
    }),
  )
  .min(1);
const ladder = z.strictObject({ workingDays: ladderSteps, hours: ladderSteps });

export const laddersFileSchema = z.strictObject({
  default: ladder,
  jurisdictions: z.record(id, z.strictObject({ workingDays: ladderSteps.optional(), hours: ladderSteps.optional() })).default({}),
});
export type LaddersFile = z.infer<typeof laddersFileSchema>;

const timeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM')
  .transform((value) => ({ hour: Number(value.slice(0, 2)), minute: Number(value.slice(3, 5)) }));

export const schedulesFileSchema = z.strictObject({
  schedules: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes (it goes into job ids)'),
        job: z.enum(JOBS),
        cron: z.string(),
        workingDaysOnly: z.boolean().default(false),
        window: z.strictObject({ from: timeOfDay, to: timeOfDay }).optional(),
      }),
    )
    .min(1, 'the worker needs at least one schedule (a scan)'),
});
export type SchedulesFile = z.infer<typeof schedulesFileSchema>;

/** A host name as it appears in a URL (no scheme, port or path). */
const hostName = z.string().regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$|^[0-9a-f:.]+$/i, 'must be a host name like www.tinghu.gov.cn or an IP address');

export const portalFileSchema = z.strictObject({
  links: z.strictObject({ days: z.number().int().min(1).max(90) }).optional(),
  sessionHours: z.number().int().min(1).max(168).optional(),
  rateLimit: z.strictObject({ perMinute: z.number().int().positive().optional(), linkOpensPerMinute: z.number().int().positive().optional() }).optional(),
  publicationCheck: z
    .strictObject({
      timeoutSeconds: z.number().positive().max(120).optional(),
      maxKilobytes: z.number().int().positive().max(65536).optional(),
      allowPrivateHosts: z.record(id, z.array(hostName)).optional(),
    })
    .optional(),
});
export type PortalFile = z.infer<typeof portalFileSchema>;
