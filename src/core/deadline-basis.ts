import type { IsoDate } from './civil-date.js';
import type { NotableDays } from './calendar-types.js';
import { EVENT_LABELS_ZH, type EventName } from './rule-types.js';

/** Where a count started: the event, its day, and its time as written (a date alone, or ISO with offset). */
interface EventRef {
  event: EventName;
  date: IsoDate;
  at: string;
}

export type ExplanationStep =
  | ({ type: 'workingDaysAfter' | 'workingDaysBefore' | 'requestReply'; days: number; cutoff: string } & EventRef)
  | ({ type: 'naturalDaysAfter'; days: number; cutoff: string; lastDayOff?: IsoDate | undefined } & EventRef)
  | ({ type: 'naturalDaysBefore'; days: number; cutoff: string } & EventRef)
  | ({ type: 'hoursAfter'; hours: number } & EventRef)
  | ({ type: 'sameDay' | 'periodEnd'; cutoff: string } & EventRef)
  | ({ type: 'beforeEvent' } & EventRef)
  | ({ type: 'annual'; by: string; year: number; following: boolean; cutoff: string } & EventRef)
  | { type: 'supplementRestart'; date: IsoDate }
  | { type: 'extension'; days: number; date: IsoDate }
  | { type: 'consultation'; from: IsoDate; to: IsoDate; days: number; assumed: boolean; allowed: number; parties: ReadonlyArray<'third_party' | 'organ'> }
  | { type: 'awaitingSupplement'; requested: IsoDate; until: string };

/** Who a consultation asked: a third party (条例第三十二条) or another organ (条例第三十四条). */
const PARTY_EN = { third_party: 'a third party (第三方, 第三十二条)', organ: 'another organ (其他机关, 第三十四条)' } as const;
const PARTY_ZH = { third_party: '第三方（第三十二条）', organ: '其他机关（第三十四条）' } as const;

export interface Explanation {
  steps: ExplanationStep[];
  notable?: NotableDays | undefined;
  missingYears: readonly number[];
  dueAt: string;
  /** A request waiting for its supplement has no deadline to state: its moment is when it lapses, said by its step. */
  awaitingSupplement?: boolean | undefined;
}

export type Locale = 'en' | 'zh';

/** "2026-09-30T18:00:00+08:00" → "2026-09-30 18:00"; the end of a day reads as 24:00. */
export function humanTime(at: string): string {
  if (at.length === 10) return at;
  const date = at.slice(0, 10);
  const time = at.slice(11, 16);
  return at.slice(11, 23) === '23:59:59.999' ? `${date} 24:00` : `${date} ${time}`;
}

const stepText: { [L in Locale]: (step: ExplanationStep) => string } = {
  en: (step) => {
    switch (step.type) {
      case 'workingDaysAfter':
        return `${workingDays(step.days)} after ${humanTime(step.at)} (${step.event} ${EVENT_LABELS_ZH[step.event]}), that day not counted`;
      case 'workingDaysBefore':
        return `${workingDays(step.days)} before ${humanTime(step.at)} (${step.event} ${EVENT_LABELS_ZH[step.event]}), that day not counted`;
      case 'naturalDaysAfter':
        return `${naturalDays(step.days)} after ${humanTime(step.at)} (${step.event} ${EVENT_LABELS_ZH[step.event]}), that day not counted${
          step.lastDayOff ? `; the last day, ${step.lastDayOff}, is a day off, so the limit ends on the next working day (民法典第二百零三条)` : ''
        }`;
      case 'naturalDaysBefore':
        return `${naturalDays(step.days)} before ${humanTime(step.at)} (${step.event} ${EVENT_LABELS_ZH[step.event]}), that day not counted`;
      case 'requestReply':
        return `reply within ${workingDays(step.days)} after ${humanTime(step.at)} (request received 收到申请)`;
      case 'hoursAfter':
        return `${step.hours} natural hours after ${humanTime(step.at)} (${step.event} ${EVENT_LABELS_ZH[step.event]})`;
      case 'sameDay':
        return `the same day as ${humanTime(step.at)} (${step.event} ${EVENT_LABELS_ZH[step.event]})`;
      case 'beforeEvent':
        return `before ${humanTime(step.at)} (${step.event} ${EVENT_LABELS_ZH[step.event]})`;
      case 'periodEnd':
        return `by the end of the period, ${humanTime(step.at)} (${step.event} ${EVENT_LABELS_ZH[step.event]})`;
      case 'annual':
        return `by ${step.by} of ${step.year} (${step.following ? 'the year after that' : 'the year'} of ${step.event} ${EVENT_LABELS_ZH[step.event]})`;
      case 'supplementRestart':
        return `restarted from the supplement received ${step.date} (补正, 条例第三十条)`;
      case 'extension':
        return `+${workingDays(step.days)}, extension approved ${step.date} (延期答复, 条例第三十三条)`;
      case 'consultation':
        return `+${workingDays(step.days)} consulting ${step.parties.map((p) => PARTY_EN[p]).join(' and ')} ${step.from}..${step.to}${step.assumed ? ` (no answer yet: the ${workingDays(step.allowed)} allowed assumed)` : ''}, not counted (征求意见, 条例第三十三条)`;
      case 'awaitingSupplement':
        return `no reply deadline yet: supplement (补正) asked for on ${step.requested}, the reply period starts when it is received; none by ${humanTime(step.until)} and the request is deemed abandoned (视为放弃申请, 条例第三十条)`;
    }
  },
  zh: (step) => {
    switch (step.type) {
      case 'workingDaysAfter':
        return `自${humanTime(step.at)}（${EVENT_LABELS_ZH[step.event]}）起${step.days}个工作日内，当日不计入`;
      case 'workingDaysBefore':
        return `${humanTime(step.at)}（${EVENT_LABELS_ZH[step.event]}）前${step.days}个工作日，当日不计入`;
      case 'naturalDaysAfter':
        return `自${humanTime(step.at)}（${EVENT_LABELS_ZH[step.event]}）起${step.days}日内，当日不计入${
          step.lastDayOff ? `；期间最后一日${step.lastDayOff}为休息日，以休息日结束的次日为期间最后一日（民法典第二百零三条）` : ''
        }`;
      case 'naturalDaysBefore':
        return `${humanTime(step.at)}（${EVENT_LABELS_ZH[step.event]}）前${step.days}日，当日不计入`;
      case 'requestReply':
        return `自${humanTime(step.at)}收到申请起${step.days}个工作日内答复`;
      case 'hoursAfter':
        return `自${humanTime(step.at)}（${EVENT_LABELS_ZH[step.event]}）起${step.hours}小时内（自然小时）`;
      case 'sameDay':
        return `与${humanTime(step.at)}（${EVENT_LABELS_ZH[step.event]}）同日`;
      case 'beforeEvent':
        return `${humanTime(step.at)}（${EVENT_LABELS_ZH[step.event]}）前`;
      case 'periodEnd':
        return `期间届满（${humanTime(step.at)}）前`;
      case 'annual':
        return `${step.following ? `次年（` : ''}${step.year}年${Number(step.by.slice(0, 2))}月${Number(step.by.slice(3))}日${step.following ? '）' : ''}前`;
      case 'supplementRestart':
        return `自${step.date}收到补正申请起重新计算（条例第三十条）`;
      case 'extension':
        return `经批准延长${step.days}个工作日（${step.date}批准，条例第三十三条）`;
      case 'consultation':
        return `征求${step.parties.map((p) => PARTY_ZH[p]).join('、')}意见${step.from}至${step.to}共${step.days}个工作日不计入${step.assumed ? `（尚未答复，按${step.allowed}个工作日答复期估计）` : ''}（条例第三十三条）`;
      case 'awaitingSupplement':
        return `${step.requested}已告知补正，答复期限自收到补正之日起计算，暂无答复期限；${humanTime(step.until)}前未补正的，视为放弃申请（条例第三十条）`;
    }
  },
};

function notableText(notable: NotableDays, locale: Locale): string[] {
  const range = (first: IsoDate, last: IsoDate) => (first === last ? first : `${first}..${last}`);
  if (locale === 'en') {
    return [
      ...notable.holidays.map((h) => `${h.name} ${range(h.first, h.last)} skipped${h.estimated ? ' (statutory holiday; no notice yet, so estimated)' : ''}`),
      ...notable.makeupWorkdays.map((d) => `${d.date} is a make-up workday (${d.holiday} 调休)`),
      ...notable.localClosures.map((d) => `${d.date} closed locally (${d.reason})`),
      ...notable.localWorkdays.map((d) => `${d.date} worked locally (${d.reason})`),
    ];
  }
  return [
    ...notable.holidays.map((h) => `跳过${h.name}${h.first === h.last ? h.first : `${h.first}至${h.last}`}${h.estimated ? '（法定节假日，放假通知未发布，按《全国年节及纪念日放假办法》估计）' : ''}`),
    ...notable.makeupWorkdays.map((d) => `${d.date}为调休工作日（${d.holiday}）`),
    ...notable.localClosures.map((d) => `${d.date}本地停止办公（${d.reason}）`),
    ...notable.localWorkdays.map((d) => `${d.date}本地上班（${d.reason}）`),
  ];
}

function missingText(years: readonly number[], locale: Locale): string[] {
  if (years.length === 0) return [];
  const list = years.join(locale === 'en' ? ', ' : '、');
  return locale === 'en'
    ? [`no ${list} holiday schedule loaded: counted Mon–Fri minus the statutory holidays, make-up workdays unknown (provisional)`]
    : [`${list}年节假日安排未载入，暂按周一至周五并扣除法定节假日计算，调休未知（临时）`];
}

/** One line a person can check by hand against the official calendar. */
export function renderBasis(explanation: Explanation, locale: Locale): string {
  const due = humanTime(explanation.dueAt);
  return [
    ...explanation.steps.map(stepText[locale]),
    ...(explanation.notable ? notableText(explanation.notable, locale) : []),
    ...missingText(explanation.missingYears, locale),
    ...(explanation.awaitingSupplement ? [] : [locale === 'en' ? `due ${due}` : `截止${due}`]),
  ].join(locale === 'en' ? '; ' : '；');
}

/** "1 working day", "7 working days". */
function workingDays(n: number): string {
  return `${n} working day${n === 1 ? '' : 's'}`;
}

/** "1 day", "20 days" (natural days, 日). */
function naturalDays(n: number): string {
  return `${n} day${n === 1 ? '' : 's'}`;
}

/** A warning about a deadline in both languages a person may read (it never changes the date). */
export interface DeadlineWarning {
  readonly en: string;
  readonly zh: string;
  /** Set on a publicity period shorter than the law's minimum, which the office's digest lists (publicity-period.ts). */
  readonly kind?: 'publicityPeriod' | undefined;
}

/** A warning in the language its reader reads. */
export function warningText(warning: DeadlineWarning, locale: Locale): string {
  return locale === 'en' ? warning.en : warning.zh;
}
