import { InputError } from '../core/errors.js';
import type { IsoDate } from '../core/civil-date.js';
import { addDays, formatCivil } from '../core/civil-date.js';
import { readSchedule, type Schedule } from './schedule-sentence.js';

/** One holiday as a notice gives it: its name as written (中秋节、国庆节 when joined), its days off and make-up workdays. */
export interface NoticeHoliday extends Schedule {
  readonly name: string;
}

/** A year's holiday schedule as the State Council notice (国务院办公厅关于YYYY年部分节假日安排的通知) gives it. */
export interface NoticeSchedule {
  readonly year: number;
  /** e.g. 国办发明电〔2025〕7号 */
  readonly notice: string;
  readonly published?: IsoDate | undefined;
  /** The notices that changed it afterwards, e.g. 国办发明电〔2020〕1号 (2020-01-26). */
  readonly amendedBy?: string | undefined;
  readonly holidays: readonly NoticeHoliday[];
}

/** A line of a notice that could not be read, by its number in the text. */
export interface UnreadLine {
  readonly line: number;
  readonly text: string;
  readonly why: string;
}

/** The text could not be read whole: every line that failed is named, and nothing is to be written. */
export class NoticeTextError extends InputError {
  constructor(
    readonly source: string,
    readonly lines: readonly UnreadLine[],
  ) {
    super(`${source}: the notice could not be read, nothing was written:\n${lines.map((l) => `  line ${l.line}: ${l.text}\n    ${l.why}`).join('\n')}`);
  }
}

const FESTIVALS = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节'];
const ITEM = /^[一二三四五六七八九十]+、(.*)$/;
const NUMBER = /^国办发(?:明电)?〔\d{4}〕\d+号$/;
const SIGNED = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;

/** What every notice has besides its items: its title's year and subject, its number and the date it was signed. */
interface NoticeFrame {
  readonly title: RegExpExecArray;
  readonly notice: string;
  readonly published?: IsoDate | undefined;
  /** The item lines, with their numbers in the text. */
  readonly items: ReadonlyArray<{ line: number; text: string; body: string }>;
}

/**
 * Reads the frame of a notice: lines are trimmed; blank lines and lines starting with # (a note on where the text
 * came from) are passed over, as are the salutation, preamble, closing and signatory, which carry no dates.
 */
function readFrame(text: string, source: string, title: RegExp, what: string): NoticeFrame {
  let found: RegExpExecArray | undefined;
  let notice: string | undefined;
  let published: IsoDate | undefined;
  const items: Array<{ line: number; text: string; body: string }> = [];
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    found ??= title.exec(line) ?? undefined;
    if (NUMBER.test(line)) notice = line;
    const signed = SIGNED.exec(line);
    if (signed) published = formatCivil({ year: Number(signed[1]), month: Number(signed[2]), day: Number(signed[3]) });
    const item = ITEM.exec(line);
    if (item) items.push({ line: index + 1, text: line, body: item[1] as string });
  });
  const missing = [!found && `its title (${what})`, !notice && 'its number (国办发明电〔YYYY〕N号)'].filter(Boolean);
  if (missing.length > 0 || !found || !notice) {
    throw new NoticeTextError(source, [{ line: 0, text: '', why: `not a notice: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing` }]);
  }
  return { title: found, notice, published, items };
}

/**
 * Reads a year's notice as published: "一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。" … Every
 * numbered line must be read, and the seven festivals must all be there; whatever fails is reported with its
 * text (NoticeTextError). Pure.
 */
export function readYearNotice(text: string, source: string): NoticeSchedule {
  const frame = readFrame(text, source, /^国务院办公厅关于(\d{4})年部分节假日安排的通知$/, '国务院办公厅关于YYYY年部分节假日安排的通知');
  const year = Number(frame.title[1]);
  const unread: UnreadLine[] = [];
  const holidays: NoticeHoliday[] = [];
  for (const item of frame.items) {
    const named = /^([^：]+)：(.+)$/.exec(item.body);
    const names = named?.[1]?.split('、') ?? [];
    if (!named || names.length === 0 || !names.every((n) => FESTIVALS.includes(n))) {
      unread.push({ line: item.line, text: item.text, why: `expected a festival's name (${FESTIVALS.join('、')}) and a colon (：)` });
      continue;
    }
    try {
      holidays.push({ name: named[1] as string, ...readSchedule(named[2] as string, year) });
    } catch (error) {
      unread.push({ line: item.line, text: item.text, why: (error as Error).message });
    }
  }
  const absent = FESTIVALS.filter((festival) => !holidays.some((h) => h.name.split('、').includes(festival)));
  if (unread.length === 0 && absent.length > 0) unread.push({ line: 0, text: '', why: `no line for ${absent.join('、')}: a notice names all seven festivals` });
  if (unread.length > 0) throw new NoticeTextError(source, unread);
  return { year, notice: frame.notice, published: frame.published, holidays };
}

/**
 * Applies a later notice that changed one holiday of the year: 调整 (国办发明电〔2019〕3号: "一、2019年5月1日至4日放假调休，
 * 共4天。4月28日（星期日）、5月5日（星期日）上班。") gives the holiday's new schedule; 延长 (国办发明电〔2020〕1号: "一、延长2020年
 * 春节假期至2月2日（…），2月3日（星期一）起正常上班。") moves its last day off, and a make-up workday inside the longer
 * break becomes a day off. Its other numbered lines (what to do about it) carry no dates and are passed over. Pure.
 */
export function applyAmendment(schedule: NoticeSchedule, text: string, source: string): NoticeSchedule {
  const frame = readFrame(text, source, /^国务院办公厅关于(调整|延长)(\d{4})年(.+?)假期(?:安排)?的通知$/, '国务院办公厅关于调整（或延长）YYYY年X假期（安排）的通知');
  const [, kind, yearText, festival] = frame.title as unknown as [string, string, string, string];
  const fail = (why: string, line = 0, lineText = ''): never => {
    throw new NoticeTextError(source, [{ line, text: lineText, why }]);
  };
  if (Number(yearText) !== schedule.year) fail(`amends ${yearText}, but the notice read first is for ${schedule.year}`);
  const index = schedule.holidays.findIndex((h) => h.name.split('、').includes(festival));
  const holiday = schedule.holidays[index];
  if (!holiday) return fail(`amends ${festival}, which the ${schedule.year} notice does not name`);
  const dated = frame.items.filter((item) => /放假|上班/.test(item.body));
  if (dated.length !== 1) return fail(`expected one numbered line with the new dates (放假…/…上班), found ${dated.length}`);
  const item = dated[0] as (typeof dated)[number];
  let changed: NoticeHoliday;
  try {
    changed = kind === '调整' ? { name: holiday.name, ...readSchedule(item.body, schedule.year) } : extended(holiday, item.body, schedule.year);
  } catch (error) {
    return fail((error as Error).message, item.line, item.text);
  }
  const amendedBy = `${frame.notice}${frame.published ? ` (${frame.published})` : ''}`;
  return {
    ...schedule,
    amendedBy: schedule.amendedBy ? `${schedule.amendedBy}; ${amendedBy}` : amendedBy,
    holidays: schedule.holidays.map((h, i) => (i === index ? { ...changed, note: `${kind === '调整' ? '调整' : '延长'}: ${amendedBy}` } : h)),
  };
}

/** 延长…假期至M月D日，M月D日起正常上班: the break runs on to the new last day; make-up workdays inside it are off. */
function extended(holiday: NoticeHoliday, body: string, year: number): NoticeHoliday {
  const plain = body.replace(/（[^）]*）/g, '');
  const match = /^延长\d{4}年.+?假期至(\d{1,2})月(\d{1,2})日，(\d{1,2})月(\d{1,2})日起正常上班。?$/.exec(plain);
  if (!match) throw new Error('expected 延长YYYY年X假期至M月D日，M月D日起正常上班');
  const last = formatCivil({ year, month: Number(match[1]), day: Number(match[2]) });
  const first = holiday.off[0] as IsoDate;
  if (last < (holiday.off[holiday.off.length - 1] as IsoDate)) throw new Error(`extends the break to ${last}, which is before its last day off`);
  const off: IsoDate[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) off.push(day);
  return { name: holiday.name, off, makeupWorkdays: holiday.makeupWorkdays.filter((d) => d < first || d > last) };
}

