import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { ProblemList } from './problems.js';
import { readYamlFile } from './read-yaml-files.js';

/**
 * The wording of the 通报 draft (config/reports.yaml): the office edits it, the figures are the ledger's. Any text
 * may use the placeholders below in braces, e.g. "公开及时率{rate}"; an unknown one is a config problem, so that a
 * typo never reaches a circulated notice as "{rat}".
 */
export const NOTICE_PLACEHOLDERS = {
  office: 'the supervising office (政府办)',
  jurisdiction: "the jurisdiction's name",
  period: 'the period, e.g. 2026年第四季度',
  start: 'its first day, e.g. 2026年10月1日',
  end: 'its last day (or today, for a period still running)',
  date: "the draft's date, e.g. 2026年12月3日",
  due: 'items due in the period',
  onTime: 'published on time',
  publishedLate: 'published late',
  openLate: 'late and still unpublished',
  late: 'late in all',
  rate: 'the on-time rate (公开及时率), e.g. 87.5%',
  exempt: 'exempt (不予公开)',
  withdrawn: 'withdrawn',
  departments: 'the departments praised, 、-separated (in praised only)',
  minItems: 'how many items a praised department must have had due',
  noticeDays: "working days late at which the ladder lists an item for 通报 (the jurisdiction's notice step)",
} as const;
export type NoticePlaceholder = keyof typeof NOTICE_PLACEHOLDERS;

const KNOWN = new Set(Object.keys(NOTICE_PLACEHOLDERS));
const template = z
  .string()
  .min(1)
  .superRefine((text, context) => {
    for (const [, name] of text.matchAll(/\{([^{}]*)\}/g)) {
      if (!KNOWN.has(name as string)) context.addIssue({ code: 'custom', message: `unknown placeholder {${name}}; known: ${[...KNOWN].map((k) => `{${k}}`).join(' ')}` });
    }
  });

export const reportsFileSchema = z.strictObject({
  notice: z.strictObject({
    title: template,
    /** 文号, e.g. 亭政办通〔2026〕号: left blank for the office to number. */
    documentNumber: z.string().optional(),
    addressee: template,
    opening: template,
    headings: z.strictObject({ overall: template, departments: template, praised: template, criticised: template, checks: template, requirements: template }),
    overall: template,
    rulesIntro: template,
    praised: template,
    praisedNone: template,
    praiseMinItems: z.number().int().min(1),
    criticised: template,
    criticisedNone: template,
    checks: template,
    checksNone: template,
    requirements: z.array(template).min(1),
    signature: template,
  }),
});
export type NoticeWording = z.infer<typeof reportsFileSchema>['notice'];

/** Reads config/reports.yaml when present (its problems stop start-up like any other); absent, no draft can be made. */
export function readReportsConfig(dir: string, problems: ProblemList): NoticeWording | undefined {
  const path = join(dir, 'reports.yaml');
  if (!existsSync(path)) return undefined;
  return readYamlFile(path, reportsFileSchema, problems)?.value.notice;
}

/** The text with each {placeholder} replaced by its value (all known: the schema checked them). */
export function fillTemplate(text: string, values: Readonly<Partial<Record<NoticePlaceholder, string | number>>>): string {
  return text.replace(/\{([^{}]*)\}/g, (whole, name: string) => String(values[name as NoticePlaceholder] ?? whole));
}
