import type { DateTime } from 'luxon';
import { parseDecisionType } from '../core/decision-type.js';
import { InputError } from '../core/errors.js';
import { awaitsSupplement, extensionLengthProblem, parseConsultedParty, REQUEST_REPLY_TIMES, type Consultation } from '../core/request-reply.js';
import type { Department } from '../core/organisation.js';
import type { RuleBook } from '../core/rule-book.js';
import { formatShanghai, parseLocalTime } from '../core/shanghai-time.js';
import { closestNames } from '../core/suggest.js';
import { draftItem } from '../ledger/draft-item.js';
import { AnswerProblem, checkAnswer, type AnswerField, type AnswerRecord } from '../ledger/answer-record.js';
import { checkLength, parseExemptionBasis, parseThirdPartyOpinion, type MAX_LENGTH } from '../ledger/field-parsers.js';
import type { ItemDraft, ItemFacts } from '../ledger/item.js';
import { checkPublicationTime, checkWithheld } from '../ledger/lifecycle.js';
import { thirdPartyAnswer } from '../ledger/third-party.js';
import { withPublicityCheck } from '../ledger/item-warnings.js';
import { lapsedStatus } from '../ledger/request-state.js';
import { columnHeader, type ColumnKey } from './columns.js';
import { plausibleSerial } from './excel-serial.js';
import type { CellKind } from './table-row.js';

export interface RowProblem {
  readonly column: string;
  readonly message: string;
}

export interface RowContext {
  readonly book: RuleBook;
  readonly departments: readonly Department[];
  /** Restricts department names to one jurisdiction (names repeat across jurisdictions; codes do not). */
  readonly jurisdiction?: string | undefined;
  /** Only this department's rows are accepted (a department uploading its own ledger through the portal). */
  readonly onlyDepartment?: Department | undefined;
  /** The jurisdiction the file's rows have named so far: an ambiguous name is read in it, suggestions come from it. */
  readonly likelyJurisdiction?: string | undefined;
  readonly now: DateTime;
}

const SUSPECT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uD800-\uDFFF]/;
const UNSTORABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** An event this far ahead of the clock is a typo (a wrong year), not a record. */
const FUTURE_TOLERANCE = { days: 1 };
const futureLimits = new WeakMap<DateTime, DateTime>();

/** now + 1 day, worked out once per clock value rather than once per row. */
function futureLimit(now: DateTime): DateTime {
  let limit = futureLimits.get(now);
  if (!limit) futureLimits.set(now, (limit = now.plus(FUTURE_TOLERANCE)));
  return limit;
}

/** One cell of a row: its text, the header the file used for its column (problems name it), what it was. */
export interface RowValue {
  readonly text: string;
  readonly header: string;
  readonly kind?: CellKind | undefined;
}
export type RowValues = ReadonlyMap<ColumnKey, RowValue>;

/** Why a workbook cell has no value to import, or undefined when it has one. */
function brokenCell({ text, kind }: RowValue): string | undefined {
  if (kind === 'error') return `the cell shows the error ${text}: correct the formula it came from, or type the value`;
  if (kind === 'unsaved-formula') {
    return `holds the formula ${text} with no saved result (the program that wrote the file does not calculate): open and save the file in Excel or WPS, or type the value`;
  }
  return undefined;
}

export type RowOutcome = { readonly draft: ItemDraft; readonly department: Department } | { readonly problems: RowProblem[]; readonly department?: Department | undefined };

const PAST_EVENTS = ['formed', 'decided', 'received', 'submitted', 'verified', ...REQUEST_REPLY_TIMES.filter((t) => t !== 'supplementDue')] as const;
/** Times that may lie ahead: the event counted back from, a period's end, the end of a 补正 period. */
const FUTURE_EVENTS = ['event', 'periodEnd', 'supplementDue'] as const;
/** Checks one row completely (every problem, not the first) and returns the item it describes, or the problems. */
export function validateRow(values: RowValues, context: RowContext): RowOutcome {
  const problems: RowProblem[] = [];
  const header = (key: ColumnKey) => values.get(key)?.header ?? columnHeader(key);
  const broken = new Set<ColumnKey>();
  for (const [key, value] of values) {
    const why = value.kind === undefined ? undefined : brokenCell(value);
    if (why === undefined) continue;
    broken.add(key);
    problems.push({ column: header(key), message: why });
  }
  // A broken cell is reported once, as broken, not again as empty or as a bad date.
  const text = (key: ColumnKey) => (broken.has(key) ? '' : values.get(key)?.text.trim() ?? '');
  const attempt = <T>(key: ColumnKey, parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push({ column: header(key), message: error.message });
      return undefined;
    }
  };
  const limited = (key: ColumnKey, field: keyof typeof MAX_LENGTH) => attempt(key, () => checkLength(text(key), field, header(key)));
  // PostgreSQL cannot store a NUL, and control characters or broken UTF-16 in a cell are damage, not content.
  for (const [key, { text: cell }] of values) {
    // The cheap test first: most cells have no control character and no surrogate pair at all.
    if (SUSPECT.test(cell) && UNSTORABLE.test(cell)) problems.push({ column: header(key), message: 'contains control characters or broken text (e.g. NUL); retype the cell' });
  }
  const required = (key: ColumnKey) => {
    if (text(key) === '' && !broken.has(key)) problems.push({ column: header(key), message: 'is empty; it is required' });
    return text(key);
  };

  const reference = required('reference') ? limited('reference', 'reference') : undefined;
  const title = required('title') ? limited('title', 'title') : undefined;
  const department = required('department') ? attempt('department', () => ownDepartment(findDepartment(text('department'), context), context)) : undefined;
  const category =
    required('category') && department ? attempt('category', () => context.book.categoryIn(department.jurisdiction, text('category'))) : undefined;
  if (category && text('domain')) attempt('domain', () => checkDomain(text('domain'), category, context.book));
  const decisionType = attempt('decisionType', () => parseDecisionType(text('decisionType')));
  const notes = limited('notes', 'notes');

  const events: Record<string, string> = {};
  const latest = futureLimit(context.now);
  for (const key of [...PAST_EVENTS, ...FUTURE_EVENTS]) {
    if (!text(key)) continue;
    const time = attempt(key, () => parseTime(text(key)));
    if (!time) continue;
    if ((PAST_EVENTS as readonly string[]).includes(key) && time.instant > latest) {
      problems.push({ column: header(key), message: `${text(key)} is more than a day in the future` });
      continue;
    }
    events[key] = time.dateOnly ? time.date : formatShanghai(time.instant);
  }
  const extensionDays = text('extensionDays') ? attempt('extensionDays', () => parseExtensionDays(text('extensionDays'))) : undefined;
  const consultation = readConsultation(text, header, latest, problems);
  // A decision type that does not fit the category's rule (an annual report filed as a penalty) is its cell's fault.
  const decisionKnown = decisionType !== undefined || text('decisionType') === '';
  const rule = category && decisionKnown ? attempt('decisionType', () => context.book.resolveItem(department!.jurisdiction, category, decisionType).rule) : undefined;
  if (rule && events[rule.event] === undefined && !broken.has(rule.event as ColumnKey) && !problems.some((p) => p.column === header(rule.event as ColumnKey))) {
    problems.push({ column: header(rule.event as ColumnKey), message: `is empty, but rule ${rule.id} (${rule.name}) counts from it` });
  }

  const published = [text('publishedAt'), text('publishedUrl'), text('replyReference'), text('deliveryMethod')];
  const exemption = [text('exemptionBasis'), text('exemptionReason'), text('exemptionApprovedBy')];
  if (published.some(Boolean) && exemption.some(Boolean)) {
    problems.push({ column: header('publishedAt'), message: 'an item is either published or exempt, not both' });
  }
  const answered = published.some(Boolean);
  if (answered && !text('publishedAt')) {
    problems.push({ column: header('publishedAt'), message: 'is empty: a publication (or a delivered reply) needs its date' });
  }
  if (exemption.some(Boolean) && !exemption.every(Boolean)) {
    const missing = (['exemptionBasis', 'exemptionReason', 'exemptionApprovedBy'] as const).find((key) => !text(key)) as ColumnKey;
    problems.push({ column: header(missing), message: 'an exemption needs its basis, its reason and who approved it' });
  }
  const delivered = category !== undefined && context.book.categories.get(category)?.delivered === true;
  const answer = answered ? readAnswer(text, header, delivered, problems) : undefined;
  const basis = exemption.every(Boolean) ? attempt('exemptionBasis', () => parseExemptionBasis(text('exemptionBasis'))) : undefined;
  const reason = exemption.every(Boolean) ? limited('exemptionReason', 'reason') : undefined;
  const approver = exemption.every(Boolean) ? limited('exemptionApprovedBy', 'person') : undefined;
  if ((text('withheldBasis') || text('withheldReason')) && !answered) {
    problems.push({ column: header('withheldBasis'), message: 'a withheld part (部分公开) belongs to a publication: give its date and where or how it was published' });
  }
  // The withheld part of a partial disclosure, or the exemption, with the third party's answer (第十五条).
  const withheld = attempt('withheldBasis', () => checkWithheld({ withheldBasis: text('withheldBasis'), withheldReason: text('withheldReason') }));
  const thirdParty = attempt('thirdPartyOpinion', () => {
    if (answered || basis) return thirdPartyAnswer(text('thirdPartyOpinion'), basis ?? withheld?.withheldBasis, rule?.kind === 'requestReply');
    if (parseThirdPartyOpinion(text('thirdPartyOpinion')) && !exemption.some(Boolean)) {
      throw new InputError('a third party\'s answer is recorded with what was done: the publication or the exemption (不予公开)');
    }
    return undefined;
  });

  if (extensionDays !== undefined && rule) {
    const problem =
      rule.kind !== 'requestReply'
        ? `rule ${rule.id} has no extension (延期答复 is for disclosure requests)`
        : (extensionLengthProblem(rule, extensionDays) ?? (events.extensionApproved ? undefined : 'an extension\'s length needs the day it was approved (延期批准日期)'));
    if (problem) problems.push({ column: header('extensionDays'), message: problem });
  }
  if (rule?.kind === 'requestReply' && awaitsSupplement(events) && !events.supplementDue && !problems.some((p) => p.column === header('supplementDue'))) {
    problems.push({ column: header('supplementDue'), message: 'is empty: a request still waiting for its supplement (补正) needs the end of the period the 补正 notice gave, or fill in 收到补正日期' });
  }
  if (consultation && rule && rule.kind !== 'requestReply') {
    problems.push({ column: header('consultationFrom'), message: `rule ${rule.id} counts no consultation (征求意见 is for disclosure requests)` });
  }
  if (problems.length > 0 || !department || !category || !rule) return { problems, department };
  const facts: ItemFacts = {
    jurisdiction: department.jurisdiction,
    reference: reference ?? '',
    title: title ?? '',
    departmentCode: department.code,
    category,
    decisionType,
    events: Object.assign({}, events, extensionDays === undefined ? {} : { extensionDays }, consultation ? { consultations: [consultation] } : {}),
    notes: notes || undefined,
    status: answer ? 'published' : basis ? 'exempt' : 'open',
    ...answer,
    exemptionBasis: basis,
    exemptionReason: basis ? reason : undefined,
    exemptionApprovedBy: basis ? approver : undefined,
    thirdPartyOpinion: thirdParty,
    withheldBasis: withheld?.withheldBasis,
    withheldReason: withheld?.withheldReason,
  };
  const drafted = attempt(rule.event as ColumnKey, () => draftItem(facts, context.book));
  if (!drafted) return { problems, department };
  // A 补正 period already over with no supplement: the request is abandoned (条例第三十条), as the scan would record.
  const status = lapsedStatus(drafted, context.now);
  const draft = status === drafted.status ? drafted : { ...drafted, status };
  if (answer) {
    const publishedAt = attempt('publishedAt', () => checkPublicationTime(draft, rule, text('publishedAt'), context.now));
    if (!publishedAt) return { problems, department };
    return { draft: withPublicityCheck({ ...draft, publishedAt }, rule, context.book.calendarFor(department.jurisdiction)), department };
  }
  return { draft, department };
}

/** How the row says the item was answered: a web address, or a delivered document's number and delivery. */
function readAnswer(text: (key: ColumnKey) => string, header: (key: ColumnKey) => string, delivered: boolean, problems: RowProblem[]): AnswerRecord | undefined {
  try {
    return checkAnswer({ url: text('publishedUrl'), reference: text('replyReference'), delivery: text('deliveryMethod') }, delivered);
  } catch (error) {
    if (!(error instanceof AnswerProblem)) throw error;
    problems.push({ column: header(ANSWER_COLUMNS[error.field]), message: error.message });
    return undefined;
  }
}
const ANSWER_COLUMNS = { url: 'publishedUrl', reference: 'replyReference', delivery: 'deliveryMethod' } as const satisfies Record<AnswerField, ColumnKey>;

/** The row's consultation (征求意见对象, 征求意见日期, 收到意见日期), when it names one; problems go to the row's list. */
function readConsultation(text: (key: ColumnKey) => string, header: (key: ColumnKey) => string, latest: DateTime, problems: RowProblem[]): Consultation | undefined {
  if (!text('consultedParty') && !text('consultationFrom') && !text('consultationTo')) return undefined;
  const party = parseConsultedParty(text('consultedParty'));
  if (party === undefined) {
    problems.push({ column: header('consultedParty'), message: `"${text('consultedParty')}": who was consulted, 第三方 (third_party) or 其他机关 (organ)` });
  }
  const times: Array<string | undefined> = [];
  for (const key of ['consultationFrom', 'consultationTo'] as const) {
    if (!text(key)) {
      if (key === 'consultationFrom') problems.push({ column: header(key), message: 'is empty; a consultation needs the day it was sent' });
      times.push(undefined);
      continue;
    }
    try {
      const time = parseTime(text(key));
      if (time.instant > latest) problems.push({ column: header(key), message: `${text(key)} is more than a day in the future` });
      times.push(time.dateOnly ? time.date : formatShanghai(time.instant));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push({ column: header(key), message: error.message });
    }
  }
  const [from, to] = times;
  return party && from ? { from, ...(to ? { to } : {}), party } : undefined;
}

/** 延期天数: a whole number of working days (its upper bound is the rule's, checked with the deadline). */
function parseExtensionDays(text: string): number {
  if (!/^\d+$/.test(text)) throw new InputError(`"${text}" is not a whole number of working days, e.g. 10`);
  return Number(text);
}

/** A time cell; a bare five-digit number is an Excel date serial that lost its date format on the way to CSV. */
function parseTime(text: string) {
  try {
    return parseLocalTime(text, 'the time');
  } catch (error) {
    if (!(error instanceof InputError) || plausibleSerial(text) === undefined) throw error;
    throw new InputError(`${error.message}; ${text} looks like an Excel date serial: format the column as a date (日期) before saving as CSV, or import the .xlsx`);
  }
}

function ownDepartment(department: Department, context: RowContext): Department {
  const own = context.onlyDepartment;
  if (own && department.code !== own.code) {
    throw new InputError(`该行属于${department.name}（${department.code}），${own.name}只能上传本单位的台账行 (a row of another department is refused)`);
  }
  return department;
}

function findDepartment(value: string, context: RowContext): Department {
  const byCode = context.departments.find((d) => d.code === value);
  if (byCode) {
    if (context.jurisdiction && byCode.jurisdiction !== context.jurisdiction) {
      throw new InputError(`${value} is a department of ${byCode.jurisdiction}, not of ${context.jurisdiction}`);
    }
    return byCode;
  }
  const candidates = context.departments.filter((d) => !context.jurisdiction || d.jurisdiction === context.jurisdiction);
  const byName = candidates.filter((d) => d.name === value);
  if (byName.length === 1) return byName[0] as Department;
  const inLikely = byName.find((d) => d.jurisdiction === context.likelyJurisdiction);
  if (inLikely) return inLikely;
  if (byName.length > 1) {
    throw new InputError(`"${value}" is a department in ${byName.map((d) => d.jurisdiction).join(', ')}: use its code (${byName.map((d) => d.code).join(', ')}) or --jurisdiction`);
  }
  const likely = context.jurisdiction ?? context.likelyJurisdiction;
  throw new InputError(unknownDepartment(value, likely, candidates, context));
}

/**
 * The refusal of an unknown department name, with its did-you-mean, worked out once per name: a file that repeats
 * one wrong name on 500,000 rows would otherwise compare each against every department.
 */
const unknownDepartments = new WeakMap<readonly Department[], Map<string, string>>();
function unknownDepartment(value: string, likely: string | undefined, candidates: readonly Department[], context: RowContext): string {
  let known = unknownDepartments.get(context.departments);
  if (!known) unknownDepartments.set(context.departments, (known = new Map()));
  const key = `${context.jurisdiction ?? ''}\u0000${likely ?? ''}\u0000${value}`;
  let message = known.get(key);
  if (message === undefined) {
    const near = likely ? candidates.filter((d) => d.jurisdiction === likely) : candidates;
    const hint = closestNames(value, near.flatMap((d) => [d.name, d.code]));
    message = `unknown department "${value}"${hint.length ? `; did you mean ${hint.join(', ')}?` : ''} (departments are listed in config/departments/)`;
    if (known.size < 10_000) known.set(key, message);
  }
  return message;
}

function checkDomain(value: string, category: string, book: RuleBook): void {
  const domain = book.domains.get(book.categories.get(category)?.domain ?? '');
  const names = domain ? [domain.id, domain.name, domain.nameEn].filter((n): n is string => n !== undefined) : [];
  if (!names.includes(value)) throw new InputError(`"${value}" does not match the domain of category ${category} (${names.join(' / ')})`);
}
